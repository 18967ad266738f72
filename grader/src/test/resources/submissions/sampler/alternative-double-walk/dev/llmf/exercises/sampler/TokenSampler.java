package dev.llmf.exercises.sampler;

import dev.llmf.contract.Sampler;

/**
 * A correct solution written differently: probabilities stay in double throughout, the ranking is an insertion
 * sort of ids, and sample walks its own double probabilities (not the float ones distribution returns).
 */
public class TokenSampler implements Sampler {

    @Override
    public int greedy(float[] logits) {
        if (logits == null || logits.length == 0) {
            throw new IllegalArgumentException("greedy needs at least one logit");
        }
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            best = logits[i] > logits[best] ? i : best;
        }
        return best;
    }

    @Override
    public float[] distribution(float[] logits, Config config) {
        double[] p = probabilities(logits, config);
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = (float) p[i];
        }
        return out;
    }

    @Override
    public int sample(float[] logits, Config config, double u) {
        if (Double.isNaN(u) || u < 0 || u >= 1) {
            throw new IllegalArgumentException("u must be in [0, 1) but is " + u);
        }
        double[] p = probabilities(logits, config);
        double running = 0;
        int last = -1;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0) {
                continue;
            }
            last = i;
            running += p[i];
            if (running > u) {
                return i;
            }
        }
        return last;
    }

    private double[] probabilities(float[] logits, Config config) {
        int best = greedy(logits);
        double[] p = new double[logits.length];
        if (config.temperature() == 0) {
            p[best] = 1;
            return p;
        }
        double total = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp((logits[i] - (double) logits[best]) / config.temperature());
            total += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= total;
        }
        int[] ranked = rank(p);
        int kept = p.length;
        if (config.topK() > 0 && config.topK() < kept) {
            kept = config.topK();
            keepOnly(p, ranked, kept);
        }
        if (config.topP() < 1) {
            double cumulative = 0;
            int n = 0;
            while (n < kept && cumulative < config.topP()) {
                cumulative += p[ranked[n++]];
            }
            keepOnly(p, ranked, n);
        }
        return p;
    }

    /** Ids by probability, highest first; equal probabilities keep the lower id first (the sort is stable). */
    private static int[] rank(double[] p) {
        int[] ids = new int[p.length];
        for (int i = 0; i < ids.length; i++) {
            int j = i;
            while (j > 0 && p[ids[j - 1]] < p[i]) {
                ids[j] = ids[j - 1];
                j--;
            }
            ids[j] = i;
        }
        return ids;
    }

    private static void keepOnly(double[] p, int[] ranked, int kept) {
        for (int r = kept; r < ranked.length; r++) {
            p[ranked[r]] = 0;
        }
        double sum = 0;
        for (double v : p) {
            sum += v;
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
    }
}
