package dev.llmf.reference;

import static dev.llmf.reference.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmf.contract.Sampler;
import dev.llmf.contract.Sampler.Config;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ReferenceSampler")
class ReferenceSamplerTest {

    private static final float[] LOGITS = {2.0f, 1.0f, 0.5f, 0.0f};

    private final Sampler sampler = new ReferenceSampler();

    private static int nonZero(float[] p) {
        int n = 0;
        for (float v : p) {
            if (v != 0f) {
                n++;
            }
        }
        return n;
    }

    // ---- the course tables ----
    // The course prints 2 decimals; the values below are recomputed exactly (course README) to 6 decimals.

    @Test
    @DisplayName("T = 1 gives [0.579259, 0.213097, 0.129250, 0.078394] (course: 0.58 0.21 0.13 0.08)")
    void temperatureOne() {
        assertClose("T=1", new double[] {0.579259, 0.213097, 0.129250, 0.078394},
                sampler.distribution(LOGITS, Config.withTemperature(1)), 1e-5, 0);
    }

    @Test
    @DisplayName("T = 0.5 gives [0.830953, 0.112457, 0.041371, 0.015219] (course: 0.83 0.11 0.04 0.02)")
    void temperatureHalf() {
        assertClose("T=0.5", new double[] {0.830953, 0.112457, 0.041371, 0.015219},
                sampler.distribution(LOGITS, Config.withTemperature(0.5)), 1e-5, 0);
    }

    @Test
    @DisplayName("T = 2 gives [0.408701, 0.247890, 0.193057, 0.150353] (course: 0.41 0.25 0.19 0.15)")
    void temperatureTwo() {
        assertClose("T=2", new double[] {0.408701, 0.247890, 0.193057, 0.150353},
                sampler.distribution(LOGITS, Config.withTemperature(2)), 1e-5, 0);
    }

    @Test
    @DisplayName("T = 0 puts all probability on the greedy token")
    void temperatureZero() {
        assertArrayEquals(new float[] {0, 0, 1, 0}, sampler.distribution(new float[] {1, 2, 5, 5}, Config.greedyDecoding()));
        assertArrayEquals(new float[] {1, 0, 0, 0}, sampler.distribution(LOGITS, new Config(0, 0, 1)));
    }

    @Test
    @DisplayName("top-k = 2 keeps 'on' and 'the' renormalised: [0.731059, 0.268941, 0, 0] (course: 0.73 0.27)")
    void topK() {
        float[] p = sampler.distribution(LOGITS, new Config(1, 2, 1));
        assertClose("top-k=2", new double[] {0.731059, 0.268941, 0, 0}, p, 1e-5, 0);
        assertEquals(2, nonZero(p));
    }

    @Test
    @DisplayName("top-p = 0.7 keeps exactly 2 tokens (cumulative 0.579, 0.792), renormalised")
    void topPSeven() {
        float[] p = sampler.distribution(LOGITS, new Config(1, 0, 0.7));
        assertEquals(2, nonZero(p), "top-p 0.7 must keep exactly 2 tokens");
        assertClose("top-p=0.7", new double[] {0.731059, 0.268941, 0, 0}, p, 1e-5, 0);
    }

    @Test
    @DisplayName("top-p = 0.95 keeps all 4 tokens (cumulative 0.579, 0.792, 0.922, 1.0)")
    void topPNinetyFive() {
        float[] p = sampler.distribution(LOGITS, new Config(1, 0, 0.95));
        assertEquals(4, nonZero(p), "top-p 0.95 must keep all 4 tokens");
        assertClose("top-p=0.95", new double[] {0.579259, 0.213097, 0.129250, 0.078394}, p, 1e-5, 0);
    }

    @Test
    @DisplayName("top-p keeps the token whose cumulative probability reaches p exactly (≥ p)")
    void topPReachesExactly() {
        // softmax([0, 0]) = [0.5, 0.5] exactly; p = 0.5 is reached by the first token alone.
        assertArrayEquals(new float[] {1, 0}, sampler.distribution(new float[] {0, 0}, new Config(1, 0, 0.5)));
        // [0.25, 0.25, 0.25, 0.25]: p = 0.5 is reached after two tokens, the lower ids.
        assertArrayEquals(new float[] {0.5f, 0.5f, 0, 0},
                sampler.distribution(new float[] {7, 7, 7, 7}, new Config(1, 0, 0.5)));
    }

    @Test
    @DisplayName("top-k breaks probability ties toward the lower id")
    void topKTies() {
        float[] logits = {1, 3, 3, 0, 3};
        assertArrayEquals(new float[] {0, 1, 0, 0, 0}, sampler.distribution(logits, new Config(1, 1, 1)));
        float[] two = sampler.distribution(logits, new Config(1, 2, 1));
        assertClose("top-k=2", new double[] {0, 0.5, 0.5, 0, 0}, two, 1e-6, 0);
    }

    @Test
    @DisplayName("top-k runs before top-p: k = 3 then p = 0.8 keeps 2 tokens (p first would keep 3)")
    void topKThenTopP() {
        // After top-k=3: [0.579259, 0.213097, 0.129250] / 0.921606 = [0.62853, 0.23122, 0.14024];
        // cumulative 0.62853, 0.85976 ≥ 0.8 → 2 tokens. Top-p on the original (0.579, 0.792, 0.922) would keep 3.
        float[] p = sampler.distribution(LOGITS, new Config(1, 3, 0.8));
        assertClose("k=3, p=0.8", new double[] {0.731059, 0.268941, 0, 0}, p, 1e-5, 0);
    }

    @Test
    @DisplayName("temperature is applied before top-p: T = 0.5 and p = 0.9 keep 2 tokens, T = 1 would keep 3")
    void temperatureThenTopP() {
        // T=0.5: cumulative 0.830953, 0.943410 → 2 tokens; T=1: 0.579, 0.792, 0.922 → 3 tokens.
        assertEquals(2, nonZero(sampler.distribution(LOGITS, new Config(0.5, 0, 0.9))));
        assertEquals(3, nonZero(sampler.distribution(LOGITS, new Config(1, 0, 0.9))));
    }

    @Test
    @DisplayName("greedy returns the largest logit's index, the lowest one on a tie")
    void greedy() {
        assertEquals(0, sampler.greedy(LOGITS));
        assertEquals(1, sampler.greedy(new float[] {-1, 4, 2, 4}));
        assertEquals(2, sampler.greedy(new float[] {Float.NEGATIVE_INFINITY, -5, -1}));
    }

    @Test
    @DisplayName("sample walks ids in order and returns the first whose running sum exceeds u")
    void sampleWalk() {
        Config t1 = Config.withTemperature(1);
        // cumulative: 0.579259, 0.792356, 0.921606, 1.0
        assertEquals(0, sampler.sample(LOGITS, t1, 0.0));
        assertEquals(0, sampler.sample(LOGITS, t1, 0.579));
        assertEquals(1, sampler.sample(LOGITS, t1, 0.5795));
        assertEquals(1, sampler.sample(LOGITS, t1, 0.792));
        assertEquals(2, sampler.sample(LOGITS, t1, 0.7925));
        assertEquals(2, sampler.sample(LOGITS, t1, 0.9215));
        assertEquals(3, sampler.sample(LOGITS, t1, 0.9217));
        assertEquals(3, sampler.sample(LOGITS, t1, Math.nextDown(1.0)));
    }

    @Test
    @DisplayName("a running sum equal to u does not exceed it: the draw moves on to the next token")
    void sampleBoundary() {
        // softmax of equal logits is exactly [0.25, 0.25, 0.25, 0.25]; running sums 0.25, 0.5, 0.75 are exact.
        float[] flat = {7, 7, 7, 7};
        Config t1 = Config.withTemperature(1);
        assertEquals(0, sampler.sample(flat, t1, 0.0));
        assertEquals(1, sampler.sample(flat, t1, 0.25));
        assertEquals(2, sampler.sample(flat, t1, 0.5));
        assertEquals(3, sampler.sample(flat, t1, 0.75));
        assertEquals(0, sampler.sample(flat, t1, Math.nextDown(0.25)));
    }

    @Test
    @DisplayName("sample never returns a filtered-out token, even for u just below 1")
    void sampleSkipsZeros() {
        Config k2 = new Config(1, 2, 1);
        assertEquals(0, sampler.sample(LOGITS, k2, 0.7));
        assertEquals(1, sampler.sample(LOGITS, k2, 0.74));
        assertEquals(1, sampler.sample(LOGITS, k2, Math.nextDown(1.0)));
        // Greedy: all mass on one token, whatever u is.
        for (double u : new double[] {0, 0.3, 0.999999}) {
            assertEquals(2, sampler.sample(new float[] {0, 1, 9, 3}, Config.greedyDecoding(), u));
        }
    }

    // ---- properties (seeded) ----

    @Test
    @DisplayName("sample frequencies over an even grid of u match distribution() to within 2/N (20 seeds)")
    void frequenciesMatchDistribution() {
        int n = 10_000;
        for (int seed = 0; seed < 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int vocab = 2 + random.nextInt(12);
            float[] logits = Fixtures.uniform(random, -3, 3, vocab).toArray();
            Config config = new Config(0.3 + 2 * random.nextDouble(), random.nextInt(vocab + 1),
                    random.nextBoolean() ? 1.0 : 0.3 + 0.7 * random.nextDouble());
            float[] p = sampler.distribution(logits, config);
            double total = 0;
            for (float v : p) {
                assertTrue(v >= 0 && v <= 1, "seed " + seed + ": probability " + v);
                total += v;
            }
            assertEquals(1.0, total, 1e-5, "seed " + seed + ": distribution sums to " + total);
            int[] counts = new int[vocab];
            for (int i = 0; i < n; i++) {
                counts[sampler.sample(logits, config, (i + 0.5) / n)]++;
            }
            for (int id = 0; id < vocab; id++) {
                double freq = counts[id] / (double) n;
                assertEquals(p[id], freq, 2.0 / n + 1e-5, "seed " + seed + " " + config + ": token " + id);
                if (p[id] == 0) {
                    assertEquals(0, counts[id], "seed " + seed + ": a zero-probability token was drawn");
                }
            }
        }
    }

    @Test
    @DisplayName("random u values from a seeded generator give frequencies within 5 standard errors")
    void frequenciesRandomU() {
        SplittableRandom random = new SplittableRandom(77);
        float[] logits = {0.3f, -1f, 2f, 0.9f, 0f, 1.5f};
        Config config = new Config(1.3, 5, 0.95);
        float[] p = sampler.distribution(logits, config);
        int n = 40_000;
        int[] counts = new int[logits.length];
        for (int i = 0; i < n; i++) {
            counts[sampler.sample(logits, config, random.nextDouble())]++;
        }
        for (int id = 0; id < logits.length; id++) {
            double se = Math.sqrt(p[id] * (1 - p[id]) / n);
            assertEquals(p[id], counts[id] / (double) n, 5 * se + 1e-9, "token " + id);
        }
    }

    // ---- errors ----

    @Test
    @DisplayName("u outside [0, 1) throws IllegalArgumentException")
    void badU() {
        Config c = Config.withTemperature(1);
        for (double u : new double[] {-0.1, 1.0, 1.5, Double.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> sampler.sample(LOGITS, c, u), "u = " + u);
        }
    }

    @Test
    @DisplayName("top-p outside (0, 1], a negative top-k or temperature throw IllegalArgumentException")
    void badConfig() {
        assertThrows(IllegalArgumentException.class, () -> new Config(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Config(1, 0, 1.01));
        assertThrows(IllegalArgumentException.class, () -> new Config(1, 0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new Config(1, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Config(-0.5, 0, 1));
    }

    @Test
    @DisplayName("greedy of an empty array throws IllegalArgumentException")
    void greedyEmpty() {
        assertThrows(IllegalArgumentException.class, () -> sampler.greedy(new float[0]));
    }
}
