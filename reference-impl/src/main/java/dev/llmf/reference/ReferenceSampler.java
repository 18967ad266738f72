package dev.llmf.reference;

import dev.llmf.contract.Sampler;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Greedy, temperature, top-k and top-p, with the draw made from a caller-supplied uniform number. */
public final class ReferenceSampler implements Sampler {

    @Override
    public int greedy(float[] logits) {
        requireLogits(logits);
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {   // strictly greater: a tie keeps the lower index
                best = i;
            }
        }
        return best;
    }

    @Override
    public float[] distribution(float[] logits, Config config) {
        requireLogits(logits);
        double[] p = new double[logits.length];
        if (config.temperature() == 0) {
            p[greedy(logits)] = 1;
            return toFloats(p);
        }
        softmax(logits, config.temperature(), p);
        if (config.topK() == 0 && config.topP() == 1) {
            return toFloats(p);
        }
        Integer[] ranking = rank(p);
        int keep = logits.length;
        if (config.topK() > 0) {
            keep = Math.min(keep, config.topK());
            zeroFrom(p, ranking, keep);
            normalize(p);
        }
        if (config.topP() < 1) {
            double cumulative = 0;
            int prefix = 0;
            while (prefix < keep && cumulative < config.topP()) {
                cumulative += p[ranking[prefix++]];
            }
            zeroFrom(p, ranking, prefix);
            normalize(p);
        }
        return toFloats(p);
    }

    @Override
    public int sample(float[] logits, Config config, double u) {
        if (!(u >= 0 && u < 1)) {
            throw new IllegalArgumentException("u (" + u + ") must be in [0, 1)");
        }
        float[] p = distribution(logits, config);
        double cumulative = 0;
        int lastNonZero = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                lastNonZero = i;
                cumulative += p[i];
                if (cumulative > u) {
                    return i;
                }
            }
        }
        return lastNonZero;   // rounding left the total at or below u
    }

    private static void softmax(float[] logits, double temperature, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            out[i] = Math.exp((logits[i] - max) / temperature);
            sum += out[i];
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= sum;
        }
    }

    /** Token ids by probability, highest first; equal probabilities by lower id first. */
    private static Integer[] rank(double[] p) {
        Integer[] ids = IntStream.range(0, p.length).boxed().toArray(Integer[]::new);
        Arrays.sort(ids, Comparator.<Integer>comparingDouble(i -> -p[i]).thenComparingInt(i -> i));
        return ids;
    }

    private static void zeroFrom(double[] p, Integer[] ranking, int keep) {
        for (int r = keep; r < ranking.length; r++) {
            p[ranking[r]] = 0;
        }
    }

    private static void normalize(double[] p) {
        double sum = 0;
        for (double v : p) {
            sum += v;
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
    }

    private static float[] toFloats(double[] p) {
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = (float) p[i];
        }
        return out;
    }

    private static void requireLogits(float[] logits) {
        if (logits == null || logits.length == 0) {
            throw new IllegalArgumentException("logits must hold at least one value");
        }
    }
}
