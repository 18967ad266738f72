package dev.llmf.exercises.attention;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Embeddings;
import dev.llmf.contract.Tensor;
import dev.llmf.exercises.support.NotYetImplemented;
import dev.llmf.exercises.support.RandomTensors;
import dev.llmf.exercises.support.Subject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Arrays;

import static dev.llmf.exercises.support.Approx.TOLERANCE;
import static dev.llmf.exercises.support.Approx.assertTensorClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Public tests for exercise 4. The numbers of the dry run come from the course (recomputed without rounding);
 * everything else is recomputed here with plain loops in double precision, independently of your code.
 */
@ExtendWith(NotYetImplemented.class)
class SelfAttentionTest {

    // The course's 3-token dry run: d_k = 4, so the scores are divided by √4 = 2.
    private static final Tensor Q = Tensor.matrix(new float[][] {{1, 0, 1, 0}, {0, 1, 0, 1}, {1, 1, 0, 0}});
    private static final Tensor K = Tensor.matrix(new float[][] {{1, 1, 0, 0}, {0, 0, 1, 1}, {1, 0, 1, 0}});
    private static final Tensor V = Tensor.matrix(new float[][] {{1, 0, 1, 0}, {0, 1, 0, 1}, {1, 1, 0, 0}});

    private static Attention subject() {
        return Subject.of(Attention.class, SelfAttention::new);
    }

    @Test
    @DisplayName("The 3-token dry run gives the course's attention weights")
    void dryRunWeights() {
        // scores Q·Kᵀ = [[1,1,2],[1,1,0],[2,0,1]], divided by 2, then softmax along each row
        Tensor expected = Tensor.matrix(new float[][] {
                {0.274069f, 0.274069f, 0.451863f},
                {0.383652f, 0.383652f, 0.232697f},
                {0.506480f, 0.186324f, 0.307196f}});

        Attention.Output out = subject().scaledDotProduct(Q, K, V, false);

        assertTensorClose(explainWeights(out.weights(), Q, K, false), expected, out.weights(), TOLERANCE);
    }

    @Test
    @DisplayName("The 3-token dry run gives output row 0 = [0.725931, 0.725931, 0.274069, 0.274069]")
    void dryRunOutput() {
        // output[i] = Σ_j weights[i][j]·V[j]; row 0 = 0.274069·[1,0,1,0] + 0.274069·[0,1,0,1] + 0.451863·[1,1,0,0]
        Tensor expected = Tensor.matrix(new float[][] {
                {0.725931f, 0.725931f, 0.274069f, 0.274069f},
                {0.616348f, 0.616348f, 0.383652f, 0.383652f},
                {0.813676f, 0.493520f, 0.506480f, 0.186324f}});

        Attention.Output out = subject().scaledDotProduct(Q, K, V, false);

        assertTensorClose("dry-run output = weights·V (row i mixes the rows of V with the weights of row i; "
                + "the course prints 0.72 only because it added already-rounded weights; if the weights test fails "
                + "too, fix that one first)", expected, out.output(), TOLERANCE);
    }

    @Test
    @DisplayName("With the causal mask, future keys get a weight of exactly 0")
    void causalDryRun() {
        // query 0 sees only key 0; query 1 sees keys 0 and 1 (equal scores 0.5 → 0.5 each); query 2 sees all three
        Tensor expected = Tensor.matrix(new float[][] {
                {1, 0, 0},
                {0.5f, 0.5f, 0},
                {0.506480f, 0.186324f, 0.307196f}});

        Attention.Output out = subject().scaledDotProduct(Q, K, V, true);

        assertTensorClose(explainWeights(out.weights(), Q, K, true), expected, out.weights(), TOLERANCE);
        for (int i = 0; i < 3; i++) {
            for (int j = i + 1; j < 3; j++) {
                assertEquals(0f, out.weights().get(i, j), "causal weight [" + i + ", " + j + "] must be exactly 0 "
                        + "(query " + i + " may not see the later key " + j + "): set that score to "
                        + "Float.NEGATIVE_INFINITY before the softmax, so exp(−∞) = 0");
            }
        }
        assertTensorClose("causal output row 0 (query 0 sees only itself, so it copies V[0])",
                Tensor.vector(1, 0, 1, 0), out.output().row(0), TOLERANCE);
    }

    @Test
    @DisplayName("Every row of the weights is a probability distribution: non-negative, summing to 1")
    void weightRowsSumToOne() {
        Tensor q = RandomTensors.uniform(41, 2f, 5, 6);
        Tensor k = RandomTensors.uniform(42, 2f, 5, 6);
        Tensor v = RandomTensors.uniform(43, 5, 3);

        for (boolean causal : new boolean[] {false, true}) {
            Tensor weights = subject().scaledDotProduct(q, k, v, causal).weights();

            assertArrayEquals(new int[] {5, 5}, weights.shape(), "weights must have shape [T, S] = [5, 5]");
            for (int i = 0; i < 5; i++) {
                double sum = 0;
                for (int j = 0; j < 5; j++) {
                    float w = weights.get(i, j);
                    assertTrue(w >= 0, "weight [" + i + ", " + j + "] is " + w + " (causal=" + causal
                            + "); softmax outputs are never negative");
                    sum += w;
                }
                assertEquals(1.0, sum, TOLERANCE, "row " + i + " of the weights (causal=" + causal + ") sums to "
                        + sum + ": the softmax must run along each row (over the keys), and a mask must be applied "
                        + "before the softmax, not after it");
            }
        }
    }

    @Test
    @DisplayName("Queries and keys may differ in number, and values in width: scale by √d_k")
    void rectangularShapes() {
        Tensor q = RandomTensors.uniform(51, 2f, 2, 3);    // T = 2 queries, d_k = 3
        Tensor k = RandomTensors.uniform(52, 2f, 5, 3);    // S = 5 keys
        Tensor v = RandomTensors.uniform(53, 5, 6);        // d_v = 6
        Attention.Output expected = expectedAttention(rows(q), rows(k), rows(v), 1 / Math.sqrt(3), false);

        Attention.Output out = subject().scaledDotProduct(q, k, v, false);

        assertArrayEquals(new int[] {2, 5}, out.weights().shape(), "weights must have shape [T, S] = [2, 5]");
        assertArrayEquals(new int[] {2, 6}, out.output().shape(), "output must have shape [T, d_v] = [2, 6]");
        assertTensorClose("weights for d_k = 3 (the scale is 1/√d_k, where d_k is the width of Q and K — not the "
                + "width of V and not the number of tokens)", expected.weights(), out.weights(), TOLERANCE);
        assertTensorClose("output = weights·V", expected.output(), out.output(), TOLERANCE);
    }

    @Test
    @DisplayName("Multi-head attention returns output [T, d_model] and one weight matrix per head [H, T, T]")
    void multiHeadShapes() {
        Tensor x = RandomTensors.uniform(61, 5, 8);
        Attention.Weights w = Attention.Weights.random(8, 62);

        Attention.Output out = subject().multiHead(x, w, new Attention.Options(2, true, false));

        assertArrayEquals(new int[] {5, 8}, out.output().shape(),
                "output must have shape [T, d_model] = [5, 8]: the heads' outputs are joined side by side again");
        assertArrayEquals(new int[] {2, 5, 5}, out.weights().shape(),
                "weights must have shape [H, T, T] = [2, 5, 5]: one [T, T] matrix per head");
    }

    @Test
    @DisplayName("A single token attends only to itself, so the result is x·wv·wo")
    void lengthOneSequence() {
        Tensor x = RandomTensors.uniform(71, 1, 4);
        Attention.Weights w = randomWeights(4, 72);
        // one key: every head's weight is softmax([s]) = [1], so each head copies its slice of V = x·wv
        double[][] expected = matmul(matmul(rows(x), rows(w.wv())), rows(w.wo()));

        Attention.Output out = subject().multiHead(x, w, new Attention.Options(2, true, false));

        assertTensorClose("weights of a length-1 sequence (softmax over one key is 1)",
                Tensor.of(new float[] {1, 1}, 2, 1, 1), out.weights(), TOLERANCE);
        assertTensorClose("output of a length-1 sequence = x·wv·wo", tensor(expected), out.output(), TOLERANCE);
    }

    @Test
    @DisplayName("Two heads over d_model = 4 match a step-by-step computation")
    void twoHeadsFromFirstPrinciples() {
        Tensor x = RandomTensors.uniform(81, 3, 4);
        Attention.Weights w = randomWeights(4, 82);
        Attention.Output expected = expectedMultiHead(x, w, 2, false, false, 1 / Math.sqrt(2));

        Attention.Output out = subject().multiHead(x, w, new Attention.Options(2, false, false));

        Attention.Output wrongScale = expectedMultiHead(x, w, 2, false, false, 1 / Math.sqrt(4));
        String hint = close(wrongScale.weights(), out.weights())
                ? "per-head weights (these match a scale of 1/2, which is 1/√d_model and also 1/d_h: each head "
                        + "must scale by 1/√d_h = 1/√2, where d_h = d_model / H = 2 is the head's own width)"
                : "per-head weights (head h uses columns [h·d_h, (h+1)·d_h) of Q, K and V, d_h = 2, scale 1/√2)";
        assertTensorClose(hint, expected.weights(), out.weights(), TOLERANCE);
        assertTensorClose("multi-head output (join the heads' outputs in head order, head h back into columns "
                + "[h·d_h, (h+1)·d_h), then multiply by wo)", expected.output(), out.output(), TOLERANCE);
    }

    @Test
    @DisplayName("Four causal heads over d_model = 8 match a step-by-step computation")
    void fourCausalHeadsFromFirstPrinciples() {
        Tensor x = RandomTensors.uniform(91, 5, 8);
        Attention.Weights w = randomWeights(8, 92);
        Attention.Output expected = expectedMultiHead(x, w, 4, true, false, 1 / Math.sqrt(2));

        Attention.Output out = subject().multiHead(x, w, new Attention.Options(4, true, false));

        assertTensorClose("causal per-head weights [H, T, T] (every head gets the same causal mask)",
                expected.weights(), out.weights(), TOLERANCE);
        for (int h = 0; h < 4; h++) {
            for (int i = 0; i < 5; i++) {
                for (int j = i + 1; j < 5; j++) {
                    assertEquals(0f, out.weights().get(h, i, j), "head " + h + ", weight [" + i + ", " + j
                            + "] must be exactly 0 with causal = true");
                }
            }
        }
        assertTensorClose("causal multi-head output", expected.output(), out.output(), TOLERANCE);
    }

    @Test
    @DisplayName("With rotary = true, each head's queries and keys are rotated by position before the scores")
    void rotaryHeadsFromFirstPrinciples() {
        Tensor x = RandomTensors.uniform(101, 4, 8);
        Attention.Weights w = randomWeights(8, 102);
        Attention.Output expected = expectedMultiHead(x, w, 2, true, true, 1 / Math.sqrt(4));

        Attention.Output out = subject().multiHead(x, w, new Attention.Options(2, true, true));

        assertTensorClose("weights with RoPE (rotate each head's [T, d_h] slice of Q and K, with θ_i = "
                + "10000^(−2i/d_h) for the head width d_h = 4; V is not rotated)",
                expected.weights(), out.weights(), TOLERANCE);
        assertTensorClose("output with RoPE", expected.output(), out.output(), TOLERANCE);
    }

    @Test
    @DisplayName("Q and K of different widths are rejected with a message naming both shapes")
    void mismatchedQueryAndKeyWidths() {
        Tensor q = Tensor.zeros(3, 4);
        Tensor k = Tensor.zeros(3, 5);
        Tensor v = Tensor.zeros(3, 4);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> subject().scaledDotProduct(q, k, v, false),
                "Q [3, 4] and K [3, 5] cannot be multiplied as Q·Kᵀ: check the shapes first");

        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains("[3, 4]") && message.contains("[3, 5]"),
                "the message should name both shapes as Arrays.toString prints them ([3, 4] and [3, 5]) but was: "
                        + message);
    }

    @Test
    @DisplayName("K and V of different lengths, or a causal mask on T ≠ S, are rejected")
    void mismatchedKeyAndValueLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> subject().scaledDotProduct(Tensor.zeros(3, 4), Tensor.zeros(3, 4), Tensor.zeros(2, 4), false),
                "K has 3 rows but V has 2: every key needs exactly one value");
        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains("[3, 4]") && message.contains("[2, 4]"),
                "the message should name the shapes of K ([3, 4]) and V ([2, 4]) but was: " + message);

        assertThrows(IllegalArgumentException.class,
                () -> subject().scaledDotProduct(Tensor.zeros(2, 4), Tensor.zeros(3, 4), Tensor.zeros(3, 4), true),
                "a causal mask needs as many queries as keys (T == S); here T = 2 and S = 3");
    }

    // ---- hints ----

    /** A description of the weights that names the likely mistake when the actual weights show one. */
    private static String explainWeights(Tensor actual, Tensor q, Tensor k, boolean causal) {
        if (actual == null || !Arrays.equals(actual.shape(), new int[] {q.size(0), k.size(0)})) {
            return "attention weights (shape [T, S])";
        }
        for (int i = 0; i < actual.size(0); i++) {
            double sum = 0;
            for (int j = 0; j < actual.size(1); j++) {
                sum += actual.get(i, j);
            }
            if (Math.abs(sum - 1) > 1e-3) {
                return "attention weights (row " + i + " sums to " + (float) sum + ", not 1: softmax each row "
                        + "over the keys, and apply the mask BEFORE the softmax, never after it)";
            }
        }
        double dk = q.size(1);
        if (close(expectedAttention(rows(q), rows(k), rows(k), 1.0, causal).weights(), actual)) {
            return "attention weights (these are softmax(Q·Kᵀ) without scaling: did you divide the scores by "
                    + "√d_k = " + Math.sqrt(dk) + "?)";
        }
        if (close(expectedAttention(rows(q), rows(k), rows(k), 1 / dk, causal).weights(), actual)) {
            return "attention weights (these are softmax(Q·Kᵀ / d_k): divide by √d_k = " + Math.sqrt(dk)
                    + ", not by d_k = " + dk + ")";
        }
        return "attention weights softmax(Q·Kᵀ / √d_k)" + (causal ? " with −∞ above the diagonal" : "");
    }

    private static boolean close(Tensor expected, Tensor actual) {
        if (actual == null || !expected.sameShape(actual)) {
            return false;
        }
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(e[i] - a[i]) <= TOLERANCE)) {
                return false;
            }
        }
        return true;
    }

    // ---- an independent computation, with plain loops in double precision ----

    /** softmax(q·kᵀ·scale) row by row (−∞ above the diagonal when causal), and weights·v. */
    private static Attention.Output expectedAttention(double[][] q, double[][] k, double[][] v, double scale,
                                                      boolean causal) {
        int t = q.length;
        int s = k.length;
        double[][] weights = new double[t][s];
        for (int i = 0; i < t; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < s; j++) {
                double score = 0;
                for (int p = 0; p < q[i].length; p++) {
                    score += q[i][p] * k[j][p];
                }
                weights[i][j] = causal && j > i ? Double.NEGATIVE_INFINITY : score * scale;
                max = Math.max(max, weights[i][j]);
            }
            double sum = 0;
            for (int j = 0; j < s; j++) {
                weights[i][j] = Math.exp(weights[i][j] - max);
                sum += weights[i][j];
            }
            for (int j = 0; j < s; j++) {
                weights[i][j] /= sum;
            }
        }
        return new Attention.Output(tensor(matmul(weights, v)), tensor(weights));
    }

    /** Multi-head attention written out step by step (the list in {@link Attention#multiHead}). */
    private static Attention.Output expectedMultiHead(Tensor x, Attention.Weights w, int heads, boolean causal,
                                                      boolean rotary, double scale) {
        double[][] xs = rows(x);
        double[][] q = matmul(xs, rows(w.wq()));
        double[][] k = matmul(xs, rows(w.wk()));
        double[][] v = matmul(xs, rows(w.wv()));
        int t = xs.length;
        int d = q[0].length;
        int dh = d / heads;
        double[][] joined = new double[t][d];
        Tensor weights = Tensor.zeros(heads, t, t);
        for (int h = 0; h < heads; h++) {
            double[][] qh = columns(q, h * dh, dh);
            double[][] kh = columns(k, h * dh, dh);
            if (rotary) {
                qh = rope(qh);
                kh = rope(kh);
            }
            Attention.Output head = expectedAttention(qh, kh, columns(v, h * dh, dh), scale, causal);
            for (int i = 0; i < t; i++) {
                for (int c = 0; c < dh; c++) {
                    joined[i][h * dh + c] = head.output().get(i, c);
                }
                for (int j = 0; j < t; j++) {
                    weights.set(head.weights().get(i, j), h, i, j);
                }
            }
        }
        return new Attention.Output(tensor(matmul(joined, rows(w.wo()))), weights);
    }

    /** RoPE on [T, d]: row t, pair (2i, 2i+1) turned by the angle t·BASE^(−2i/d). */
    private static double[][] rope(double[][] x) {
        double[][] out = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            int d = x[t].length;
            out[t] = new double[d];
            for (int i = 0; i < d / 2; i++) {
                double angle = t * Math.pow(Embeddings.BASE, -2.0 * i / d);
                double a = x[t][2 * i];
                double b = x[t][2 * i + 1];
                out[t][2 * i] = a * Math.cos(angle) - b * Math.sin(angle);
                out[t][2 * i + 1] = a * Math.sin(angle) + b * Math.cos(angle);
            }
        }
        return out;
    }

    private static Attention.Weights randomWeights(int d, long seed) {
        return new Attention.Weights(RandomTensors.uniform(seed, d, d), RandomTensors.uniform(seed + 1, d, d),
                RandomTensors.uniform(seed + 2, d, d), RandomTensors.uniform(seed + 3, d, d));
    }

    private static double[][] rows(Tensor t) {
        double[][] out = new double[t.size(0)][t.size(1)];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = t.get(i, j);
            }
        }
        return out;
    }

    private static double[][] columns(double[][] m, int from, int width) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = Arrays.copyOfRange(m[i], from, from + width);
        }
        return out;
    }

    private static double[][] matmul(double[][] a, double[][] b) {
        double[][] out = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                for (int p = 0; p < b.length; p++) {
                    out[i][j] += a[i][p] * b[p][j];
                }
            }
        }
        return out;
    }

    private static Tensor tensor(double[][] m) {
        float[][] out = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = new float[m[i].length];
            for (int j = 0; j < m[i].length; j++) {
                out[i][j] = (float) m[i][j];
            }
        }
        return Tensor.matrix(out);
    }
}
