package dev.llmf.grader.suites;

import dev.llmf.contract.Sampler;
import dev.llmf.contract.Sampler.Config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.llmf.grader.suites.Check.PROBABILITY;
import static dev.llmf.grader.suites.Check.arrayLooksLike;
import static dev.llmf.grader.suites.Check.same;

/**
 * How {@link SamplerSuite} checks a distribution or a series of draws, and names the mistake whose variant
 * ({@link SamplerVariants}) reproduces what the learner's sampler gave.
 */
final class SamplerChecks {

    /**
     * How close u may come to a running sum before a different pick is put down to rounding (the learner's and the
     * reference's probabilities differ by a few float ulps).
     */
    static final double U_BOUNDARY = 1e-6;

    private SamplerChecks() {
    }

    static String cause(SamplerVariants.Sampling mistake) {
        return switch (mistake) {
            case MULTIPLY_BY_TEMPERATURE -> "you multiplied the logits by T: divide them by T (T = 0.5 sharpens, "
                    + "T = 2 flattens)";
            case NO_TEMPERATURE -> "the temperature was ignored: p = softmax(logits / T)";
            case TIES_TO_HIGHER_ID -> "equal probabilities were ranked with the HIGHER id first: on a tie the lower "
                    + "id ranks first";
            case TOP_P_DROPS_CROSSING -> "top-p dropped the token that crosses p: keep the shortest prefix whose "
                    + "sum reaches p, including the token that makes it reach p";
            case TOP_P_STRICTLY_GREATER -> "top-p kept tokens until the sum was strictly greater than p: stop as "
                    + "soon as it is ≥ p";
            case TOP_P_BEFORE_RENORMALISING -> "top-p added up the probabilities from before top-k: renormalise "
                    + "after top-k, then accumulate for top-p";
            case NOT_RENORMALISED -> "the kept probabilities were not renormalised: divide them by their sum so "
                    + "they add up to 1";
            case NO_MAX_SUBTRACTION -> "softmax without subtracting the maximum logit overflows: use "
                    + "exp((l − max) / T)";
            case NO_GREEDY_BRANCH -> "temperature 0 was divided by like any other ((l − max) / 0 is NaN): T = 0 "
                    + "means greedy, so handle it first and put all probability on greedy(logits)";
            case TOP_P_IN_FLOAT -> "top-p added up float probabilities: the contract adds them in double";
        };
    }

    /** Checks which ids are kept (non-zero), then the values, naming the likely mistake. */
    static void checkDistribution(String what, float[] logits, Config config, float[] expected,
                                          float[] actual) {
        List<Check.Hint<float[]>> hints = new ArrayList<>();
        List<Check.Hint<int[]>> keptHints = new ArrayList<>();
        for (SamplerVariants.Sampling mistake : SamplerVariants.Sampling.values()) {
            hints.add(arrayLooksLike(() -> SamplerVariants.distribution(logits, config, mistake), cause(mistake)));
            keptHints.add(Check.<int[]>when(ids -> reproduces(SamplerVariants.distribution(logits, config, mistake),
                    expected, actual), cause(mistake)));
        }
        String setting = "T = " + config.temperature() + ", top-k = " + config.topK() + ", top-p = " + config.topP();
        Check.that(actual != null && actual.length == expected.length, what + " (" + setting + "): expected "
                + expected.length + " probabilities but got " + (actual == null ? "null" : actual.length));
        @SuppressWarnings({"unchecked", "rawtypes"})
        Check.Hint<int[]>[] keptArray = keptHints.toArray(Check.Hint[]::new);
        Check.same(what + " (" + setting + ") — the ids that keep a non-zero probability", kept(expected),
                kept(actual), keptArray);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Check.Hint<float[]>[] array = hints.toArray(Check.Hint[]::new);
        Check.close(what + " (" + setting + ")", expected, actual, PROBABILITY, array);
    }

    /** The variant gives the learner's probabilities, and they are not merely close to the right ones. */
    static boolean reproduces(float[] variant, float[] expected, float[] actual) {
        return Differences.distance(variant, actual, PROBABILITY) <= 5
                && Differences.distance(variant, actual, PROBABILITY) <= Differences.distance(expected, actual, PROBABILITY) / 2;
    }

    static int[] kept(float[] p) {
        return java.util.stream.IntStream.range(0, p.length).filter(i -> p[i] != 0 && !Float.isNaN(p[i])).toArray();
    }

    /** The learner's draws for each u equal the reference's (a u on a running sum may go either way). */
    static void checkDraws(String what, Sampler learner, float[] logits, Config config, double[] us) {
        float[] p = Grading.reference(Sampler.class).distribution(logits, config);
        int[] expected = new int[us.length];
        int[] actual = new int[us.length];
        for (int n = 0; n < us.length; n++) {
            expected[n] = Grading.reference(Sampler.class).sample(logits, config, us[n]);
            actual[n] = learner.sample(logits.clone(), config, us[n]);
            if (actual[n] != expected[n] && nearBoundary(p, us[n])) {
                actual[n] = expected[n];        // u sits on a running sum: float rounding may pick either side
            }
        }
        List<Check.Hint<int[]>> hints = new ArrayList<>();
        hints.add(same(() -> walk(p, us, SamplerVariants.Walk.GREATER_OR_EQUAL), "compare the running sum with > u, "
                + "not >= u"));
        hints.add(same(() -> walk(p, us, SamplerVariants.Walk.PROBABILITY_ORDER), "you walked the tokens in order of "
                + "probability: walk ids 0, 1, 2, … in order"));
        for (SamplerVariants.Sampling mistake : SamplerVariants.Sampling.values()) {
            hints.add(same(() -> picks(SamplerVariants.distribution(logits, config, mistake), us), cause(mistake)));
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Check.Hint<int[]>[] array = hints.toArray(Check.Hint[]::new);
        Check.same(what + " with T = " + config.temperature() + ", top-k = " + config.topK() + ", top-p = "
                + config.topP() + " for u = " + Arrays.toString(us), expected, actual, array);
    }

    /** The ids a correct walk over {@code p} picks for each u. */
    static int[] picks(float[] p, double[] us) {
        int[] out = new int[us.length];
        for (int n = 0; n < us.length; n++) {
            out[n] = sampleFrom(p, us[n]);
        }
        return out;
    }

    static boolean nearBoundary(float[] p, double u) {
        double cumulative = 0;
        for (float v : p) {
            cumulative += v;
            if (Math.abs(cumulative - u) < U_BOUNDARY) {
                return true;
            }
        }
        return false;
    }

    static int sampleFrom(float[] p, double u) {
        double cumulative = 0;
        int last = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                last = i;
                cumulative += p[i];
                if (cumulative > u) {
                    return i;
                }
            }
        }
        return last;
    }

    static int[] walk(float[] p, double[] us, SamplerVariants.Walk mistake) {
        int[] out = new int[us.length];
        for (int i = 0; i < us.length; i++) {
            out[i] = SamplerVariants.sample(p, us[i], mistake);
        }
        return out;
    }
}
