package dev.llmf.exercises.sampler;

import dev.llmf.contract.Sampler;

import java.util.Arrays;
import java.util.Comparator;

/** Exercise 6: greedy, temperature, top-k, top-p and the draw with a given u. */
public class TokenSampler implements Sampler {

    public TokenSampler() {
    }

    @Override
    public int greedy(float[] logits) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("logits must not be empty");
        }
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public float[] distribution(float[] logits, Config config) {
        int n = logits.length;
        double[] p = new double[n];
        if (config.temperature() == 0) {
            p[greedy(logits)] = 1;
            return toFloats(p);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp((logits[i] - max) / config.temperature());
            sum += p[i];
        }
        for (int i = 0; i < n; i++) {
            p[i] /= sum;
        }
        Integer[] ranking = new Integer[n];
        for (int i = 0; i < n; i++) {
            ranking[i] = i;
        }
        double[] ranked = p.clone();
        Arrays.sort(ranking, Comparator.comparingDouble((Integer i) -> -ranked[i]).thenComparingInt(i -> i));
        int keep = n;
        if (config.topK() > 0) {
            keep = Math.min(n, config.topK());
            for (int r = keep; r < n; r++) {
                p[ranking[r]] = 0;
            }
            normalise(p);
        }
        if (config.topP() < 1) {
            double cumulative = 0;
            int prefix = 0;
            while (prefix < keep && cumulative + p[ranking[prefix]] < config.topP()) {
                cumulative += p[ranking[prefix]];
                prefix++;
            }
            for (int r = prefix; r < n; r++) {
                p[ranking[r]] = 0;
            }
            normalise(p);
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
            }
            cumulative += p[i];
            if (cumulative > u) {
                return i;
            }
        }
        return lastNonZero;
    }

    private static void normalise(double[] p) {
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
}
