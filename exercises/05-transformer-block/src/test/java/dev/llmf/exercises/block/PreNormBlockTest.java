package dev.llmf.exercises.block;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TransformerBlock;
import dev.llmf.exercises.support.Naive;
import dev.llmf.exercises.support.NotYetImplemented;
import dev.llmf.exercises.support.RandomTensors;
import dev.llmf.exercises.support.Subject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.llmf.exercises.support.Approx.TOLERANCE;
import static dev.llmf.exercises.support.Approx.assertTensorClose;
import static dev.llmf.exercises.support.Approx.isClose;
import static dev.llmf.exercises.support.Naive.block;
import static dev.llmf.exercises.support.Naive.doubles;
import static dev.llmf.exercises.support.Naive.feedForward;
import static dev.llmf.exercises.support.Naive.gelu;
import static dev.llmf.exercises.support.Naive.layerNorm;
import static dev.llmf.exercises.support.Naive.matmul;
import static dev.llmf.exercises.support.Naive.rows;
import static dev.llmf.exercises.support.Naive.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Public tests for exercise 5. Expected values are worked out by hand (in the comments) or recomputed with the
 * plain double-precision loops of {@link Naive}, independently of your code.
 */
@ExtendWith(NotYetImplemented.class)
class PreNormBlockTest {

    private static TransformerBlock subject() {
        return Subject.of(TransformerBlock.class, PreNormBlock::new);
    }

    @Test
    @DisplayName("LayerNorm of two small rows matches the hand computation")
    void layerNormByHand() {
        Tensor x = Tensor.matrix(new float[][] {{1, 2, 3, 4}, {2, -2, 0, 4}});
        Tensor gamma = Tensor.vector(1, 2, 0.5f, 1);
        Tensor beta = Tensor.vector(0, 0.1f, -0.1f, 1);
        // row 0: μ = 2.5, x − μ = [−1.5, −0.5, 0.5, 1.5], σ² = (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25,
        //        normalised = (x − μ) / √1.25001 = [−1.341635, −0.447212, 0.447212, 1.341635], then ·gamma + beta
        // row 1: μ = 1, x − μ = [1, −3, −1, 3], σ² = 20 / 4 = 5, normalised = [0.447213, −1.341639, −0.447213, 1.341639]
        Tensor expected = Tensor.matrix(new float[][] {
                {-1.341635f, -0.794424f, 0.123606f, 2.341635f},
                {0.447213f, -2.583279f, -0.323607f, 2.341639f}});

        Tensor actual = subject().layerNorm(x, gamma, beta);

        // test data check: the d − 1 variance gives other numbers on these rows, so this test tells them apart
        assertFalse(isClose(tensor(layerNorm(rows(x), doubles(gamma), doubles(beta), 3)), expected, TOLERANCE),
                "test data check: σ² / (d − 1) must give another answer here");
        String hint = "LayerNorm: per row (x − μ) / √(σ² + ε) · gamma + beta";
        if (isClose(tensor(layerNorm(rows(x), doubles(gamma), doubles(beta), 3)), actual, TOLERANCE)) {
            hint += " (yours matches σ² divided by d − 1 = 3: LayerNorm divides by d = 4, the plain mean)";
        } else if (isClose(tensor(layerNorm(rows(x), new double[] {1, 1, 1, 1}, new double[4])), actual, TOLERANCE)) {
            hint += " (yours is the plain normalised row: multiply by gamma and add beta, column by column)";
        }
        assertTensorClose(hint, expected, actual, TOLERANCE);
    }

    @Test
    @DisplayName("LayerNorm of a row with a large mean and a small spread keeps its precision")
    void layerNormLargeMean() {
        // values around 100 with spread about 1: σ² ≈ 1 while E[x²] ≈ 10⁴, so σ² = E[x²] − μ² in float loses it;
        // the mean first, then the mean of (x − μ)², keeps it (in float or in double)
        Tensor x = Tensor.matrix(new float[][] {{100.3f, 99.1f, 101.7f, 98.8f, 100.9f, 99.6f, 100.2f, 99.4f}});
        Tensor gamma = Tensor.vector(1, 1, 1, 1, 1, 1, 1, 1);
        Tensor beta = Tensor.vector(0, 0, 0, 0, 0, 0, 0, 0);
        Tensor expected = tensor(layerNorm(rows(x), doubles(gamma), doubles(beta)));

        Tensor actual = subject().layerNorm(x, gamma, beta);

        assertTensorClose("LayerNorm of a row of 8 values around 100 (compute μ first, then the mean of (x − μ)²; "
                + "the shortcut E[x²] − μ² in float subtracts two numbers near 10⁴ and loses the spread)", expected,
                actual, TOLERANCE);
    }

    @Test
    @DisplayName("LayerNorm of a constant row gives exactly beta, not NaN")
    void layerNormConstantRow() {
        Tensor x = Tensor.matrix(new float[][] {{5, 5, 5, 5}});
        Tensor gamma = Tensor.vector(2, 3, 4, 5);
        Tensor beta = Tensor.vector(0.1f, -0.2f, 0.3f, 0);

        Tensor actual = subject().layerNorm(x, gamma, beta);

        assertTensorClose("LayerNorm of [5, 5, 5, 5]: x − μ is 0 everywhere and σ² = 0, so the result is beta; "
                + "NaN here means ε = 1e-5 is missing from the square root (0 / 0)",
                Tensor.matrix(new float[][] {{0.1f, -0.2f, 0.3f, 0}}), actual, TOLERANCE);
    }

    @Test
    @DisplayName("LayerNorm adds ε = 1e-5 to the variance inside the square root")
    void layerNormEpsilon() {
        // μ = 0.001, x − μ = ±0.001, σ² = 1e-6: (x − μ) / √(1e-6 + 1e-5) = ±0.001 / 0.0033166 = ±0.301511
        Tensor x = Tensor.matrix(new float[][] {{0, 0.002f, 0, 0.002f}});

        Tensor actual = subject().layerNorm(x, Tensor.vector(1, 1, 1, 1), Tensor.vector(0, 0, 0, 0));

        assertTensorClose("LayerNorm of a row with a tiny variance (σ² = 1e-6): ±1 would mean ε is missing, "
                + "±0.990 that ε was added outside the square root: use √(σ² + ε) with ε = 1e-5",
                Tensor.matrix(new float[][] {{-0.301511f, 0.301511f, -0.301511f, 0.301511f}}), actual, TOLERANCE);
    }

    @Test
    @DisplayName("GELU at 0, 1, −1 and 3 follows the tanh formula, and keeps the shape")
    void geluValues() {
        Tensor x = Tensor.matrix(new float[][] {{0, 1}, {-1, 3}});
        // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))): gelu(0) = 0, gelu(1) = 0.841192, gelu(−1) = −0.158808,
        // gelu(3) = 2.996363
        Tensor expected = tensor(gelu(rows(x)));

        Tensor actual = subject().gelu(x);

        assertTensorClose("GELU, tanh approximation 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) — the exact "
                + "erf form gives 0.841345 at 1, which is too far off; ReLU would give 0 at −1",
                expected, actual, TOLERANCE);
    }

    @Test
    @DisplayName("The feed-forward network maps [T, d] through [T, 4d] back to [T, d]")
    void feedForwardShape() {
        FeedForwardInputs in = FeedForwardInputs.random(11, 3, 4);

        Tensor actual = subject().feedForward(in.x(), in.w1(), in.w2());

        assertArrayEquals(new int[] {3, 4}, actual.shape(),
                "feedForward of x [3, 4] with w1 [4, 16] and w2 [16, 4] must have shape [3, 4]");
    }

    @Test
    @DisplayName("The feed-forward network computes GELU(x·w1)·w2")
    void feedForwardValues() {
        FeedForwardInputs in = FeedForwardInputs.random(21, 2, 3);
        double[][] expected = feedForward(rows(in.x()), in.w1(), in.w2());

        Tensor actual = subject().feedForward(in.x(), in.w1(), in.w2());

        Tensor withoutGelu = tensor(matmul(matmul(rows(in.x()), rows(in.w1())), rows(in.w2())));
        String hint = isClose(withoutGelu, actual, TOLERANCE)
                ? "feed-forward GELU(x·w1)·w2 (yours equals x·w1·w2: apply GELU to the hidden [T, 4d] activations)"
                : "feed-forward GELU(x·w1)·w2 (GELU goes between the two products, on the hidden [T, 4d] values)";
        assertTensorClose(hint, tensor(expected), actual, TOLERANCE);
    }

    @Test
    @DisplayName("With all attention and feed-forward weights zero, the block returns its input unchanged")
    void zeroWeightsKeepTheInput() {
        Tensor x = RandomTensors.uniform(31, 3, 4);
        Tensor zero = Tensor.zeros(4, 4);
        TransformerBlock.Weights weights = new TransformerBlock.Weights(
                RandomTensors.uniform(32, 4), RandomTensors.uniform(33, 4),
                new Attention.Weights(zero, zero, zero, zero),
                RandomTensors.uniform(34, 4), RandomTensors.uniform(35, 4),
                Tensor.zeros(4, 16), Tensor.zeros(16, 4));

        Tensor actual = subject().forward(x, weights, new Attention.Options(2, true, false));

        assertTensorClose("block output with zero projections: both sublayers add 0, so out = x. Anything "
                + "else means a residual connection is missing (h = x + attention(…), out = h + ffn(…)) or the "
                + "LayerNorm output replaced x on the main path", x, actual, TOLERANCE);
    }

    @Test
    @DisplayName("A causal 2-head block on 3 tokens matches a step-by-step computation")
    void causalBlockFromFirstPrinciples() {
        BlockRun run = runBlock(41, 3, new Attention.Options(2, true, false));

        assertTensorClose("pre-norm block h = x + MHA(LN(x; ln1)), out = h + FFN(LN(h; ln2)) — LayerNorm goes "
                + "INSIDE each branch, before attention and before the FFN, never after the addition; check "
                + "layerNorm, gelu and feedForward on their own first", run.expected(), run.actual(), TOLERANCE);
    }

    @Test
    @DisplayName("The block passes the attention options on as given (one head, no mask)")
    void optionsArePassedThrough() {
        BlockRun run = runBlock(51, 4, new Attention.Options(1, false, false));

        Tensor causal = tensor(block(rows(run.x()), run.weights(), new Attention.Options(1, true, false)));
        String hint = isClose(causal, run.actual(), TOLERANCE)
                ? "block with Options(heads = 1, causal = false) (yours matches causal = true: hand the options "
                        + "to multiHead unchanged; the model decides about the mask, not the block)"
                : "block with Options(heads = 1, causal = false) (pass the options to multiHead unchanged; if the "
                        + "causal 2-head test fails too, fix that one first)";
        assertTensorClose(hint, run.expected(), run.actual(), TOLERANCE);
    }

    // ---- random inputs ----

    /** Inputs of the feed-forward network: x [tokens, d], w1 [d, 4d], w2 [4d, d]. */
    private record FeedForwardInputs(Tensor x, Tensor w1, Tensor w2) {

        /** Uniform in [-1, 1), from seeds {@code seed}, {@code seed + 1} and {@code seed + 2}. */
        static FeedForwardInputs random(long seed, int tokens, int d) {
            return new FeedForwardInputs(RandomTensors.uniform(seed, tokens, d),
                    RandomTensors.uniform(seed + 1, d, 4 * d), RandomTensors.uniform(seed + 2, 4 * d, d));
        }
    }

    /** A block run: its input and weights, what {@link Naive#block} gives, and what yours gives. */
    private record BlockRun(Tensor x, TransformerBlock.Weights weights, Tensor expected, Tensor actual) {
    }

    /** Runs the block on x [tokens, 4] from {@code seed} with weights from {@code seed + 1}. */
    private static BlockRun runBlock(long seed, int tokens, Attention.Options options) {
        Tensor x = RandomTensors.uniform(seed, tokens, 4);
        TransformerBlock.Weights weights = randomBlock(4, seed + 1);
        Tensor expected = tensor(block(rows(x), weights, options));
        return new BlockRun(x, weights, expected, subject().forward(x, weights, options));
    }

    private static TransformerBlock.Weights randomBlock(int d, long seed) {
        Attention.Weights attention = RandomTensors.attentionWeights(seed, 0.7f, d);
        return new TransformerBlock.Weights(RandomTensors.nearOne(seed + 4, 0.3f, d),
                RandomTensors.uniform(seed + 5, 0.3f, d), attention,
                RandomTensors.nearOne(seed + 6, 0.3f, d), RandomTensors.uniform(seed + 7, 0.3f, d),
                RandomTensors.uniform(seed + 8, 0.7f, d, 4 * d), RandomTensors.uniform(seed + 9, 0.5f, 4 * d, d));
    }
}
