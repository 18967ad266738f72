package dev.llmf.grader.suites;

import dev.llmf.contract.Sampler;

import java.util.Arrays;
import java.util.Comparator;

import static dev.llmf.grader.suites.Diagnose.floats;
import static dev.llmf.grader.suites.Diagnose.normalise;

/** Known wrong variants of exercise 6 ({@link Sampler}): see {@link Diagnose}. */
public final class SamplerVariants {

    private SamplerVariants() {
    }

    /** Mistakes in {@link Sampler#distribution}. */
    public enum Sampling {
        /** logits multiplied by T instead of divided */
        MULTIPLY_BY_TEMPERATURE,
        /** temperature ignored */
        NO_TEMPERATURE,
        /** equal probabilities ranked by the higher id first */
        TIES_TO_HIGHER_ID,
        /** top-p keeps only the tokens before the one that crosses p */
        TOP_P_DROPS_CROSSING,
        /** top-p keeps tokens until the sum is strictly greater than p */
        TOP_P_STRICTLY_GREATER,
        /** top-p accumulates the probabilities from before top-k */
        TOP_P_BEFORE_RENORMALISING,
        /** no renormalisation after top-k / top-p */
        NOT_RENORMALISED,
        /** softmax without subtracting the maximum (float exp) */
        NO_MAX_SUBTRACTION,
        /** temperature 0 divided by like any other: (l − max) / 0 is NaN for the largest logits, so all is NaN */
        NO_GREEDY_BRANCH,
        /** the cumulative sum for top-p taken over the float probabilities: ties at p may keep one token fewer */
        TOP_P_IN_FLOAT
    }

    public static float[] distribution(float[] logits, Sampler.Config config, Sampling mistake) {
        int n = logits.length;
        double[] p = new double[n];
        if (config.temperature() == 0 && mistake == Sampling.NO_GREEDY_BRANCH) {
            float[] nan = new float[n];
            java.util.Arrays.fill(nan, Float.NaN);
            return nan;
        }
        if (config.temperature() == 0) {
            int best = 0;
            for (int i = 1; i < n; i++) {
                if (mistake == Sampling.TIES_TO_HIGHER_ID ? logits[i] >= logits[best] : logits[i] > logits[best]) {
                    best = i;
                }
            }
            p[best] = 1;
            return floats(p);
        }
        double t = switch (mistake) {
            case MULTIPLY_BY_TEMPERATURE -> 1 / config.temperature();
            case NO_TEMPERATURE -> 1;
            default -> config.temperature();
        };
        if (mistake == Sampling.NO_MAX_SUBTRACTION) {
            float sum = 0;
            float[] e = new float[n];
            for (int i = 0; i < n; i++) {
                e[i] = (float) Math.exp((float) (logits[i] / t));
                sum += e[i];
            }
            for (int i = 0; i < n; i++) {
                p[i] = e[i] / sum;
            }
        } else {
            double max = Double.NEGATIVE_INFINITY;
            for (float l : logits) {
                max = Math.max(max, l);
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                p[i] = Math.exp((logits[i] - max) / t);
                sum += p[i];
            }
            for (int i = 0; i < n; i++) {
                p[i] /= sum;
            }
        }
        double[] original = p.clone();
        Integer[] ranking = new Integer[n];
        for (int i = 0; i < n; i++) {
            ranking[i] = i;
        }
        Comparator<Integer> byProbability = Comparator.comparingDouble(i -> -original[i]);
        Arrays.sort(ranking, mistake == Sampling.TIES_TO_HIGHER_ID
                ? byProbability.thenComparing(Comparator.<Integer>reverseOrder())
                : byProbability.thenComparingInt(i -> i));
        int keep = n;
        if (config.topK() > 0) {
            keep = Math.min(n, config.topK());
            for (int r = keep; r < n; r++) {
                p[ranking[r]] = 0;
            }
            if (mistake != Sampling.NOT_RENORMALISED) {
                normalise(p);
            }
        }
        if (config.topP() < 1) {
            double[] source = mistake == Sampling.TOP_P_BEFORE_RENORMALISING ? original : p;
            double cumulative = 0;
            int prefix = 0;
            while (prefix < keep) {
                double next = mistake == Sampling.TOP_P_IN_FLOAT
                        ? (float) cumulative + (float) source[ranking[prefix]] : cumulative + source[ranking[prefix]];
                if (mistake == Sampling.TOP_P_DROPS_CROSSING && next >= config.topP()) {
                    break;
                }
                cumulative = next;
                prefix++;
                if (mistake == Sampling.TOP_P_STRICTLY_GREATER ? cumulative > config.topP()
                        : mistake != Sampling.TOP_P_DROPS_CROSSING && cumulative >= config.topP()) {
                    break;
                }
            }
            for (int r = prefix; r < n; r++) {
                p[ranking[r]] = 0;
            }
            if (mistake != Sampling.NOT_RENORMALISED) {
                normalise(p);
            }
        }
        return floats(p);
    }

    /** Mistakes in {@link Sampler#sample}'s walk over a distribution {@code p}. */
    public enum Walk {
        /** running sum compared with ≥ u */
        GREATER_OR_EQUAL,
        /** walked in order of probability instead of id order */
        PROBABILITY_ORDER,
        /** walked backwards, from the highest id */
        REVERSED
    }

    public static int sample(float[] p, double u, Walk mistake) {
        int n = p.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = mistake == Walk.REVERSED ? n - 1 - i : i;
        }
        if (mistake == Walk.PROBABILITY_ORDER) {
            Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -p[i]).thenComparingInt(i -> i));
        }
        double cumulative = 0;
        int last = order[0];
        for (int id : order) {
            if (p[id] > 0) {
                last = id;
            }
            cumulative += p[id];
            if (mistake == Walk.GREATER_OR_EQUAL ? cumulative >= u : cumulative > u) {
                return id;
            }
        }
        return last;
    }
}
