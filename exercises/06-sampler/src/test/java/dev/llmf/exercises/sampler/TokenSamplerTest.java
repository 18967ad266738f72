package dev.llmf.exercises.sampler;

import dev.llmf.contract.Sampler;
import dev.llmf.contract.Sampler.Config;
import dev.llmf.exercises.support.Approx;
import dev.llmf.exercises.support.NotYetImplemented;
import dev.llmf.exercises.support.Subject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Public tests for exercise 6. Run them with
 * {@code ./mvnw -q test -Dllmf.selfcheck -pl exercises/06-sampler -am}; see the README for the worked numbers.
 */
@ExtendWith(NotYetImplemented.class)
class TokenSamplerTest {

    /** The course's four-token logits: "on", "the", "mat", "in". */
    private static final float[] LOGITS = {2.0f, 1.0f, 0.5f, 0.0f};

    /** softmax(LOGITS), recomputed in double precision. */
    private static final float[] T1 = {0.579259f, 0.213097f, 0.129250f, 0.078394f};

    /** The two most likely tokens, renormalised: 0.579259 / 0.792356 and 0.213097 / 0.792356. */
    private static final float[] TOP_TWO = {0.731059f, 0.268941f, 0f, 0f};

    private final Sampler sampler = Subject.of(Sampler.class, TokenSampler::new);

    // ---- greedy ----

    @Test
    @DisplayName("greedy picks the largest logit, and on a tie the lowest index")
    void greedy_largestLogit_tiesGoToLowestIndex() {
        assertEquals(0, sampler.greedy(LOGITS.clone()), "the largest of [2.0, 1.0, 0.5, 0.0] is at index 0");
        assertEquals(1, sampler.greedy(new float[] {0.5f, 3f, -1f, 3f}),
                "indices 1 and 3 both hold the maximum 3.0; the tie goes to the lower index, 1. Compare with > "
                        + "(strictly greater), not >=");
        assertEquals(1, sampler.greedy(new float[] {-5f, -2f, -3f}),
                "all logits are negative; the largest is -2.0 at index 1. Did you start the running maximum at 0 "
                        + "instead of at logits[0] or -Infinity?");
    }

    @Test
    @DisplayName("greedy of an empty array is refused")
    void greedy_empty_throws() {
        assertThrows(IllegalArgumentException.class, () -> sampler.greedy(new float[0]),
                "there is no token to pick in an empty array: greedy should throw IllegalArgumentException");
    }

    // ---- distribution ----

    static Stream<Arguments> temperatures() {
        return Stream.of(
                Arguments.of(0.5, new float[] {0.830953f, 0.112457f, 0.041371f, 0.015219f}),
                Arguments.of(1.0, T1),
                Arguments.of(2.0, new float[] {0.408701f, 0.247890f, 0.193057f, 0.150353f}));
    }

    @ParameterizedTest(name = "(temperature {0})")
    @MethodSource("temperatures")
    @DisplayName("temperature divides the logits before softmax: 0.5 sharpens, 1 keeps, 2 flattens")
    void distribution_temperature_matchesCourseTable(double temperature, float[] expected) {
        float[] logits = LOGITS.clone();

        float[] p = sampler.distribution(logits, Config.withTemperature(temperature));

        Approx.assertArrayClose("softmax([2.0, 1.0, 0.5, 0.0] / " + temperature + ") — divide each logit by T, "
                + "then softmax; if T = 2 came out sharper than T = 1 you multiplied", expected, p, Approx.TOLERANCE);
        assertArrayEquals(LOGITS, logits, "distribution changed the logits array it was given");
    }

    @Test
    @DisplayName("large logits like [1000, 999] still give finite probabilities")
    void distribution_largeLogits_staysFinite() {
        float[] p = sampler.distribution(new float[] {1000f, 999f}, Config.withTemperature(1));

        double first = 1 / (1 + Math.exp(-1));                      // e^0 / (e^0 + e^-1)
        Approx.assertArrayClose("distribution([1000, 999]) at T = 1 — subtract the largest logit before exp, or "
                + "exp(1000) overflows to Infinity and the result is NaN",
                new float[] {(float) first, (float) (1 - first)}, p, Approx.TOLERANCE);
    }

    @Test
    @DisplayName("temperature 0 means greedy: all probability on the first largest logit, and sample always picks it")
    void temperatureZero_isGreedy() {
        float[] logits = {1f, 3f, 3f, -2f};

        float[] p = sampler.distribution(logits, Config.greedyDecoding());

        assertArrayEquals(new float[] {0f, 1f, 0f, 0f}, p, "T = 0 puts probability 1 on greedy's token (index 1, the "
                + "lower of the two tied maxima) and 0 elsewhere; do not divide by T = 0. Got " + Arrays.toString(p));
        for (double u : new double[] {0.0, 0.5, 0.999}) {
            assertEquals(1, sampler.sample(logits, Config.greedyDecoding(), u),
                    "with T = 0 every u must give greedy's token 1 (u was " + u + ")");
        }
    }

    @Test
    @DisplayName("top-k = 2 keeps the two most likely tokens and renormalises them to [0.731059, 0.268941]")
    void distribution_topK_keepsKMostLikely() {
        assertCourseDistribution(new Config(1, 2, 1), TOP_TWO, "top-k = 2 of softmax([2.0, 1.0, 0.5, 0.0]) — zero "
                + "all but the 2 largest, then divide by their sum 0.792356 so they add up to 1");

        assertCourseDistribution(new Config(1, 10, 1), T1, "top-k = 10 with only 4 tokens keeps them all");
    }

    @Test
    @DisplayName("top-k breaks ties between equal probabilities in favour of the lower id")
    void distribution_topK_tieGoesToLowerId() {
        float[] p = sampler.distribution(new float[] {1f, 2f, 2f, 0f}, new Config(1, 1, 1));

        Approx.assertArrayClose("top-k = 1 of logits [1, 2, 2, 0] — ids 1 and 2 are equally likely; the ranking "
                + "puts the lower id first, so only id 1 is kept", new float[] {0, 1, 0, 0}, p, Approx.TOLERANCE);
    }

    @Test
    @DisplayName("top-p = 0.7 keeps 2 tokens and top-p = 0.95 keeps all 4: the token that crosses p is kept")
    void distribution_topP_keepsTheTokenThatCrossesP() {
        // sorted cumulative probabilities: 0.579259, 0.792356, 0.921606, 1.0
        assertCourseDistribution(new Config(1, 0, 0.7), TOP_TWO, "top-p = 0.7 — 0.579 is below 0.7, 0.792 reaches "
                + "it, so 2 tokens stay (then renormalise); keeping only 1 means you stopped before the crossing "
                + "token");

        assertCourseDistribution(new Config(1, 0, 0.95), T1, "top-p = 0.95 — the sum first reaches 0.95 at the 4th "
                + "token (0.922 < 0.95), so all 4 stay and nothing changes");
    }

    @Test
    @DisplayName("top-p works on the distribution that top-k already cut and renormalised")
    void distribution_topKThenTopP() {
        // top-k = 3 leaves [0.628532, 0.231224, 0.140244] (0.579259 / 0.921606, ...): cumulative 0.6285, 0.8598.
        // top-p = 0.85 then stops at the 2nd token. Had top-p looked at the original probabilities (0.579, 0.792,
        // 0.922) it would have kept 3 tokens.
        assertCourseDistribution(new Config(1, 3, 0.85), TOP_TWO, "top-k = 3 then top-p = 0.85 — apply top-k, "
                + "renormalise, and only then accumulate for top-p");
    }

    /** Asserts that distribution(LOGITS, config) is {@code expected}; {@code what} explains the rule. */
    private void assertCourseDistribution(Config config, float[] expected, String what) {
        Approx.assertArrayClose(what, expected, sampler.distribution(LOGITS.clone(), config), Approx.TOLERANCE);
    }

    // ---- sample ----

    @Test
    @DisplayName("sample walks the probabilities in id order and returns the first id whose running sum exceeds u")
    void sample_walksInIdOrder() {
        // the course logits reversed, so that id order is not the order of probability:
        // p = [0.078394, 0.129250, 0.213097, 0.579259], running sums in id order 0.078394, 0.207644, 0.420741, 1.0
        float[] reversed = {0.0f, 0.5f, 1.0f, 2.0f};
        double[] us = {0.0, 0.07, 0.08, 0.20, 0.21, 0.42, 0.43, 0.999};
        int[] expected = {0, 0, 1, 1, 2, 2, 3, 3};
        for (int n = 0; n < us.length; n++) {
            int token = sampler.sample(reversed, Config.withTemperature(1), us[n]);
            assertEquals(expected[n], token, "u = " + us[n] + " should pick token " + expected[n] + " (running sums "
                    + "0.078, 0.208, 0.421, 1.0 in id order) but picked " + token + ". Walk ids 0, 1, 2, … — not the "
                    + "tokens sorted by probability — and return the first id whose sum is greater than u");
        }
    }

    @Test
    @DisplayName("sample never picks a token that top-k removed, not even with u = 0")
    void sample_respectsTopK() {
        float[] reversed = {0.0f, 0.5f, 1.0f, 2.0f};
        Config topTwo = new Config(1, 2, 1);
        // after top-k = 2: p = [0, 0, 0.268941, 0.731059], running sums 0, 0, 0.268941, 1.0
        assertEquals(2, sampler.sample(reversed, topTwo, 0.0), "u = 0.0 must give token 2, the first id whose "
                + "running sum is greater than 0: ids 0 and 1 have probability 0 after top-k, so they can never be "
                + "picked. Draw from distribution(...), not the plain softmax, and compare with > u, not >= u");
        assertEquals(2, sampler.sample(reversed, topTwo, 0.26), "u = 0.26 is below 0.269: token 2");
        assertEquals(3, sampler.sample(reversed, topTwo, 0.27), "u = 0.27 is past 0.269: token 3");
        assertEquals(3, sampler.sample(reversed, topTwo, 0.999), "u = 0.999: token 3");
        assertEquals(0, sampler.sample(LOGITS.clone(), topTwo, 0.72), "for the course logits with top-k = 2 the "
                + "running sums are 0.731, 1.0, 1.0, 1.0, so u = 0.72 gives token 0");
        assertEquals(1, sampler.sample(LOGITS.clone(), topTwo, 0.999),
                "tokens 2 and 3 have probability 0 after top-k = 2, so even u = 0.999 must give token 1; sample "
                        + "must draw from distribution(...), not from the plain softmax");
    }

    @Test
    @DisplayName("the same u always gives the same token, and a larger u never gives a smaller id")
    void sample_isDeterministicAndMonotoneInU() {
        Config config = new Config(1.3, 0, 0.9);
        float[] logits = {0.2f, 1.5f, -0.7f, 0.9f, 0.0f, 2.2f};
        int previous = -1;
        for (int n = 0; n < 100; n++) {
            double u = n / 100.0;
            int first = sampler.sample(logits, config, u);
            int second = sampler.sample(logits, config, u);
            assertEquals(first, second, "u = " + u + " gave token " + first + " and then " + second + ": the only "
                    + "randomness allowed is u itself — no Random or Math.random() inside sample");
            assertTrue(first >= previous, "u = " + u + " gave token " + first + " but a smaller u gave " + previous
                    + ": walking the ids in order means a larger u can only move to a later id");
            previous = first;
        }
    }

    @Test
    @DisplayName("sample refuses a u outside [0, 1)")
    void sample_uOutOfRange_throws() {
        assertThrows(IllegalArgumentException.class,
                () -> sampler.sample(LOGITS.clone(), Config.withTemperature(1), 1.0),
                "u = 1.0 is outside [0, 1): sample should throw IllegalArgumentException");
        assertThrows(IllegalArgumentException.class,
                () -> sampler.sample(LOGITS.clone(), Config.withTemperature(1), -0.01),
                "u = -0.01 is outside [0, 1): sample should throw IllegalArgumentException");
    }
}
