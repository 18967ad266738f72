package dev.llmf.reference;

import static dev.llmf.reference.Fixtures.assertClose;
import static dev.llmf.reference.Fixtures.assertNamesShapes;
import static dev.llmf.reference.Fixtures.assertShape;
import static dev.llmf.reference.Fixtures.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ReferenceAttention")
class ReferenceAttentionTest {

    private final Attention attention = new ReferenceAttention();

    private static final Tensor Q = Tensor.matrix(new float[][] {{1, 0, 1, 0}, {0, 1, 0, 1}, {1, 1, 0, 0}});
    private static final Tensor K = Tensor.matrix(new float[][] {{1, 1, 0, 0}, {0, 0, 1, 1}, {1, 0, 1, 0}});
    private static final Tensor V = Tensor.matrix(new float[][] {{1, 0, 1, 0}, {0, 1, 0, 1}, {1, 1, 0, 0}});

    // ---- the course dry run ----

    @Test
    @DisplayName("the course's 3-token dry run gives weights [[.274069,.274069,.451863],…] and output row 0 [.725931,…]")
    void courseDryRun() {
        // The course prints weights to 2 decimals and output row 0 as [0.72, 0.72, 0.27, 0.27], computed from the
        // rounded weights; exactly it is [0.725931, 0.725931, 0.274069, 0.274069] (rounds to 0.73).
        Attention.Output out = attention.scaledDotProduct(Q, K, V, false);
        assertShape("weights", out.weights(), 3, 3);
        assertShape("output", out.output(), 3, 4);
        assertClose("weights", new double[] {0.274069, 0.274069, 0.451863, 0.383652, 0.383652, 0.232697,
            0.506480, 0.186324, 0.307196}, out.weights(), 1e-5, 0);
        assertClose("output row 0", new double[] {0.725931, 0.725931, 0.274069, 0.274069}, out.output().row(0),
                1e-5, 0);
    }

    @Test
    @DisplayName("the course dry run with a causal mask gives weights [[1,0,0],[0.5,0.5,0],[.506480,.186324,.307196]]")
    void courseDryRunCausal() {
        Attention.Output out = attention.scaledDotProduct(Q, K, V, true);
        assertClose("weights", new double[] {1, 0, 0, 0.5, 0.5, 0, 0.506480, 0.186324, 0.307196}, out.weights(),
                1e-5, 0);
        assertEquals(0f, out.weights().get2(0, 1), "masked weights must be exactly 0");
        assertEquals(0f, out.weights().get2(0, 2), "masked weights must be exactly 0");
        assertEquals(0f, out.weights().get2(1, 2), "masked weights must be exactly 0");
        // Row 0 sees only itself: its output is V row 0.
        assertClose("output row 0", new double[] {1, 0, 1, 0}, out.output().row(0), 1e-6, 0);
    }

    @Test
    @DisplayName("without a mask, T queries may attend to S ≠ T keys: shapes [T, d_v] and [T, S]")
    void rectangular() {
        SplittableRandom random = new SplittableRandom(5);
        Tensor q = uniform(random, -1, 1, 2, 4);
        Tensor k = uniform(random, -1, 1, 5, 4);
        Tensor v = uniform(random, -1, 1, 5, 3);
        Attention.Output out = attention.scaledDotProduct(q, k, v, false);
        assertShape("output", out.output(), 2, 3);
        assertShape("weights", out.weights(), 2, 5);
        Naive.Attn expected = Naive.attention(Naive.of(q), Naive.of(k), Naive.of(v), false);
        assertClose("weights", expected.weights(), out.weights(), 1e-6, 1e-5);
        assertClose("output", expected.output(), out.output(), 1e-6, 1e-5);
    }

    // ---- properties (seeded) ----

    @Test
    @DisplayName("with a causal mask, changing future rows of K and V never changes earlier outputs (50 seeds)")
    void causalIgnoresFuture() {
        for (int seed = 0; seed < 50; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int t = 2 + random.nextInt(20);
            int dk = Fixtures.pick(random, 1, 7, 16, 33);
            int dv = Fixtures.pick(random, 1, 7, 16, 33);
            Tensor q = uniform(random, -2, 2, t, dk);
            Tensor k = uniform(random, -2, 2, t, dk);
            Tensor v = uniform(random, -2, 2, t, dv);
            int cut = 1 + random.nextInt(t - 1);              // rows >= cut are "the future" of rows < cut
            Tensor k2 = k.copy();
            Tensor v2 = v.copy();
            for (int r = cut; r < t; r++) {
                for (int c = 0; c < dk; c++) {
                    k2.set2(r, c, (float) random.nextDouble(-50, 50));
                }
                for (int c = 0; c < dv; c++) {
                    v2.set2(r, c, (float) random.nextDouble(-50, 50));
                }
            }
            Attention.Output a = attention.scaledDotProduct(q, k, v, true);
            Attention.Output b = attention.scaledDotProduct(q, k2, v2, true);
            for (int r = 0; r < cut; r++) {
                assertArrayEquals(a.output().row(r).toArray(), b.output().row(r).toArray(),
                        "seed " + seed + ": output row " + r + " changed when rows >= " + cut + " changed");
                assertArrayEquals(a.weights().row(r).toArray(), b.weights().row(r).toArray(),
                        "seed " + seed + ": weights row " + r);
            }
            for (int i = 0; i < t; i++) {
                double sum = 0;
                for (int j = 0; j < t; j++) {
                    float w = a.weights().get2(i, j);
                    if (j > i) {
                        assertEquals(0f, w, "seed " + seed + ": masked weight (" + i + ", " + j + ")");
                    }
                    sum += w;
                }
                assertEquals(1.0, sum, 1e-5, "seed " + seed + ": weights row " + i + " sum");
            }
        }
    }

    @Test
    @DisplayName("multiHead returns [T, d] output and [H, T, T] weights; causal weights above the diagonal are 0")
    void multiHeadShapes() {
        SplittableRandom random = new SplittableRandom(9);
        Tensor x = uniform(random, -1, 1, 6, 12);
        Attention.Weights w = Fixtures.attentionWeights(random, 12);
        for (boolean rotary : new boolean[] {false, true}) {
            Attention.Output out = attention.multiHead(x, w, new Attention.Options(3, true, rotary));
            assertShape("output", out.output(), 6, 12);
            assertShape("weights", out.weights(), 3, 6, 6);
            for (int h = 0; h < 3; h++) {
                for (int i = 0; i < 6; i++) {
                    for (int j = i + 1; j < 6; j++) {
                        assertEquals(0f, out.weights().get(h, i, j), "head " + h + " (" + i + ", " + j + ")");
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("with one head and identity projections, multiHead equals attention of x with itself")
    void multiHeadIdentity() {
        // Q = K = V = the course's Q matrix: a hand-checkable case that needs no other implementation.
        Tensor eye = Tensor.matrix(new float[][] {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}});
        Attention.Output out = attention.multiHead(Q, new Attention.Weights(eye, eye, eye, eye),
                new Attention.Options(1, false, false));
        // Scores Q·Qᵀ/2: row 0 = [1, 0, 0.5] → softmax; output row 0 = weights · Q.
        double[] w0 = Naive.softmax(new double[] {1, 0, 0.5});
        assertShape("weights", out.weights(), 1, 3, 3);
        assertClose("weights row 0", w0, java.util.Arrays.copyOf(out.weights().toArray(), 3), 1e-6, 0);
        assertClose("output row 0", new double[] {w0[0] + w0[2], w0[1] + w0[2], w0[0], w0[1]},
                out.output().row(0), 1e-6, 0);
    }

    // ---- errors ----

    @Test
    @DisplayName("mismatched q/k widths or k/v lengths throw, naming the shapes")
    void shapeMismatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> attention.scaledDotProduct(Tensor.zeros(3, 4), Tensor.zeros(3, 5), Tensor.zeros(3, 4), false));
        assertNamesShapes(e, new int[] {3, 4}, new int[] {3, 5});
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> attention.scaledDotProduct(Tensor.zeros(3, 4), Tensor.zeros(3, 4), Tensor.zeros(2, 6), false));
        assertNamesShapes(e2, new int[] {3, 4}, new int[] {2, 6});
    }

    @Test
    @DisplayName("a causal mask with T ≠ S throws IllegalArgumentException")
    void causalNeedsSquare() {
        assertThrows(IllegalArgumentException.class,
                () -> attention.scaledDotProduct(Tensor.zeros(2, 4), Tensor.zeros(3, 4), Tensor.zeros(3, 4), true));
    }

    @Test
    @DisplayName("multiHead throws when heads does not divide d_model, or RoPE meets an odd head size")
    void multiHeadErrors() {
        SplittableRandom random = new SplittableRandom(1);
        Tensor x = uniform(random, -1, 1, 4, 12);
        Attention.Weights w = Fixtures.attentionWeights(random, 12);
        assertThrows(IllegalArgumentException.class,
                () -> attention.multiHead(x, w, new Attention.Options(5, false, false)));
        assertThrows(IllegalArgumentException.class,
                () -> attention.multiHead(x, w, new Attention.Options(4, false, true)));   // d_h = 3
        Attention.Weights wrong = Fixtures.attentionWeights(random, 8);
        assertThrows(IllegalArgumentException.class,
                () -> attention.multiHead(x, wrong, new Attention.Options(2, false, false)));
    }
}
