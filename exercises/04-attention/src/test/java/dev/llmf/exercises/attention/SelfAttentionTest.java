package dev.llmf.exercises.attention;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Tensor;
import dev.llmf.exercises.support.Naive;
import dev.llmf.exercises.support.NotYetImplemented;
import dev.llmf.exercises.support.RandomTensors;
import dev.llmf.exercises.support.Subject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Arrays;

import static dev.llmf.exercises.support.Approx.TOLERANCE;
import static dev.llmf.exercises.support.Approx.assertTensorClose;
import static dev.llmf.exercises.support.Approx.isClose;
import static dev.llmf.exercises.support.Naive.attentionWeights;
import static dev.llmf.exercises.support.Naive.matmul;
import static dev.llmf.exercises.support.Naive.multiHead;
import static dev.llmf.exercises.support.Naive.rows;
import static dev.llmf.exercises.support.Naive.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Public tests for exercise 4. The numbers of the dry run come from the course (recomputed without rounding);
 * everything else is recomputed with the plain double-precision loops of {@link Naive}, independently of your code.
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
        dryRunWithWeights(false, new float[][] {
                {0.274069f, 0.274069f, 0.451863f},
                {0.383652f, 0.383652f, 0.232697f},
                {0.506480f, 0.186324f, 0.307196f}});
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
        Attention.Output out = dryRunWithWeights(true, new float[][] {
                {1, 0, 0},
                {0.5f, 0.5f, 0},
                {0.506480f, 0.186324f, 0.307196f}});

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
        double[][] expectedWeights = attentionWeights(rows(q), rows(k), 1 / Math.sqrt(3), false);

        Attention.Output out = subject().scaledDotProduct(q, k, v, false);

        assertArrayEquals(new int[] {2, 5}, out.weights().shape(), "weights must have shape [T, S] = [2, 5]");
        assertArrayEquals(new int[] {2, 6}, out.output().shape(), "output must have shape [T, d_v] = [2, 6]");
        assertTensorClose("weights for d_k = 3 (the scale is 1/√d_k, where d_k is the width of Q and K — not the "
                + "width of V and not the number of tokens)", tensor(expectedWeights), out.weights(), TOLERANCE);
        assertTensorClose("output = weights·V", tensor(matmul(expectedWeights, rows(v))), out.output(), TOLERANCE);
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
        Attention.Weights w = RandomTensors.attentionWeights(72, 1, 4);
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
        Attention.Options options = new Attention.Options(2, false, false);
        HeadsRun run = runHeads(81, 3, 4, options, 1 / Math.sqrt(2));

        Attention.Output wrongScale = expectedMultiHead(run.x(), run.w(), options, 1 / Math.sqrt(4));
        String hint = isClose(wrongScale.weights(), run.actual().weights(), TOLERANCE)
                ? "per-head weights (these match a scale of 1/2, which is 1/√d_model and also 1/d_h: each head "
                        + "must scale by 1/√d_h = 1/√2, where d_h = d_model / H = 2 is the head's own width)"
                : "per-head weights (head h uses columns [h·d_h, (h+1)·d_h) of Q, K and V, d_h = 2, scale 1/√2)";
        assertTensorClose(hint, run.expected().weights(), run.actual().weights(), TOLERANCE);
        assertTensorClose("multi-head output (join the heads' outputs in head order, head h back into columns "
                + "[h·d_h, (h+1)·d_h), then multiply by wo)", run.expected().output(), run.actual().output(),
                TOLERANCE);
    }

    @Test
    @DisplayName("Four causal heads over d_model = 8 match a step-by-step computation")
    void fourCausalHeadsFromFirstPrinciples() {
        HeadsRun run = runHeads(91, 5, 8, new Attention.Options(4, true, false), 1 / Math.sqrt(2));

        assertTensorClose("causal per-head weights [H, T, T] (every head gets the same causal mask)",
                run.expected().weights(), run.actual().weights(), TOLERANCE);
        for (int h = 0; h < 4; h++) {
            for (int i = 0; i < 5; i++) {
                for (int j = i + 1; j < 5; j++) {
                    assertEquals(0f, run.actual().weights().get(h, i, j), "head " + h + ", weight [" + i + ", "
                            + j + "] must be exactly 0 with causal = true");
                }
            }
        }
        assertTensorClose("causal multi-head output", run.expected().output(), run.actual().output(), TOLERANCE);
    }

    @Test
    @DisplayName("With rotary = true, each head's queries and keys are rotated by position before the scores")
    void rotaryHeadsFromFirstPrinciples() {
        HeadsRun run = runHeads(101, 4, 8, new Attention.Options(2, true, true), 1 / Math.sqrt(4));

        assertTensorClose("weights with RoPE (rotate each head's [T, d_h] slice of Q and K, with θ_i = "
                + "10000^(−2i/d_h) for the head width d_h = 4; V is not rotated)",
                run.expected().weights(), run.actual().weights(), TOLERANCE);
        assertTensorClose("output with RoPE", run.expected().output(), run.actual().output(), TOLERANCE);
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

    /** The course's dry run, its weights checked against {@code expected} (naming a likely mistake); the result. */
    private static Attention.Output dryRunWithWeights(boolean causal, float[][] expected) {
        Attention.Output out = subject().scaledDotProduct(Q, K, V, causal);
        assertTensorClose(explainWeights(out.weights(), Q, K, causal), Tensor.matrix(expected), out.weights(),
                TOLERANCE);
        return out;
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
        if (isClose(tensor(attentionWeights(rows(q), rows(k), 1.0, causal)), actual, TOLERANCE)) {
            return "attention weights (these are softmax(Q·Kᵀ) without scaling: did you divide the scores by "
                    + "√d_k = " + Math.sqrt(dk) + "?)";
        }
        if (isClose(tensor(attentionWeights(rows(q), rows(k), 1 / dk, causal)), actual, TOLERANCE)) {
            return "attention weights (these are softmax(Q·Kᵀ / d_k): divide by √d_k = " + Math.sqrt(dk)
                    + ", not by d_k = " + dk + ")";
        }
        return "attention weights softmax(Q·Kᵀ / √d_k)" + (causal ? " with −∞ above the diagonal" : "");
    }

    // ---- multi-head attention on random inputs ----

    /** A multi-head run: its input and weights, what {@link Naive#multiHead} gives, and what yours gives. */
    private record HeadsRun(Tensor x, Attention.Weights w, Attention.Output expected, Attention.Output actual) {
    }

    /** Runs multiHead on x [tokens, d] from {@code seed} with weights from {@code seed + 1}; Naive at {@code scale}. */
    private static HeadsRun runHeads(long seed, int tokens, int d, Attention.Options options, double scale) {
        Tensor x = RandomTensors.uniform(seed, tokens, d);
        Attention.Weights w = RandomTensors.attentionWeights(seed + 1, 1, d);
        return new HeadsRun(x, w, expectedMultiHead(x, w, options, scale), subject().multiHead(x, w, options));
    }

    /** {@link Naive#multiHead} of x, as tensors. */
    private static Attention.Output expectedMultiHead(Tensor x, Attention.Weights w, Attention.Options options,
                                                      double scale) {
        var expected = multiHead(rows(x), w, options, scale);
        return new Attention.Output(tensor(expected.output()), tensor(expected.weights()));
    }
}
