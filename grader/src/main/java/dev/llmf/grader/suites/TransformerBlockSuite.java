package dev.llmf.grader.suites;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TransformerBlock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.llmf.grader.suites.Check.COMPOSED;
import static dev.llmf.grader.suites.Check.SINGLE_OP;
import static dev.llmf.grader.suites.Check.looksLike;
import static dev.llmf.grader.suites.Visibility.AFTER_DEADLINE;
import static dev.llmf.grader.suites.Visibility.NEVER;
import static dev.llmf.grader.suites.Visibility.VISIBLE;

/** Hidden tests for exercise 5 ({@link TransformerBlock}): LayerNorm, GELU, feed-forward and the pre-norm block. */
@DisplayName("Exercise 5 — transformer block")
public class TransformerBlockSuite {

    private static final String SINGLE_PASS = "your statistics lose the row's small spread: σ² = E[x²] − μ² in "
            + "float subtracts two large, nearly equal numbers; compute μ first, then the mean of (x − μ)² (in "
            + "double, or at least in two passes)";

    private static TransformerBlock learner() {
        return Grading.learner(TransformerBlock.class);
    }

    private static TransformerBlock reference() {
        return Grading.reference(TransformerBlock.class);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Check.Hint<Tensor>[] normHints(Tensor x, Tensor gamma, Tensor beta) {
        List<Check.Hint<Tensor>> hints = new ArrayList<>();
        java.util.function.BiConsumer<BlockVariants.Norm, String> add = (mistake, cause) ->
                hints.add(looksLike(() -> BlockVariants.layerNorm(x, gamma, beta, mistake), cause));
        add.accept(BlockVariants.Norm.SAMPLE_VARIANCE, "you divided the variance by d − 1: LayerNorm uses the plain "
                + "mean of the squared deviations, Σ(x − μ)² / d");
        add.accept(BlockVariants.Norm.EPS_OUTSIDE, "ε was added after the square root: divide by √(σ² + ε)");
        add.accept(BlockVariants.Norm.NO_EPS, "ε is missing: divide by √(σ² + ε) with ε = 1e-5");
        add.accept(BlockVariants.Norm.VARIANCE_NOT_STD, "you divided by the variance: divide by its square root");
        add.accept(BlockVariants.Norm.NO_GAMMA_BETA, "gamma and beta were not applied: y = x̂ · gamma + beta");
        add.accept(BlockVariants.Norm.GAMMA_BETA_SWAPPED, "gamma and beta are swapped: gamma scales, beta shifts");
        add.accept(BlockVariants.Norm.SINGLE_PASS_FLOAT, SINGLE_PASS);
        if (!x.isContiguous()) {
            hints.add(looksLike(() -> reference().layerNorm(Diagnose.ignoringStrides(x), gamma, beta),
                    "your result matches reading data() row by row, ignoring the strides: x may be a view"));
        }
        return hints.toArray(Check.Hint[]::new);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Check.Hint<Tensor>[] geluHints(Tensor x) {
        return new Check.Hint[] {
            looksLike(() -> BlockVariants.activation(x, BlockVariants.Activation.ERF_GELU), "this is the exact (erf) GELU: "
                    + "use the tanh approximation 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))"),
            looksLike(() -> BlockVariants.activation(x, BlockVariants.Activation.SIGMOID_GELU), "this is the sigmoid "
                    + "approximation x·σ(1.702x): use the tanh formula"),
            looksLike(() -> BlockVariants.activation(x, BlockVariants.Activation.NO_CUBIC), "the 0.044715·x³ term is "
                    + "missing inside the tanh"),
            looksLike(() -> BlockVariants.activation(x, BlockVariants.Activation.RELU), "this is ReLU, max(0, x): use GELU"),
            looksLike(() -> BlockVariants.activation(x, BlockVariants.Activation.ROOT_TWO_OVER_PI), "the constant "
                    + "in front is √2/π ≈ 0.450: it is √(2/π) ≈ 0.797885, Math.sqrt(2 / Math.PI)"),
            looksLike(() -> BlockVariants.activation(x, BlockVariants.Activation.CUBIC_TIMES_TEN), "the cubic term "
                    + "uses 0.44715: the constant is 0.044715"),
            looksLike(() -> BlockVariants.activation(x, BlockVariants.Activation.HANDWRITTEN_TANH), "your tanh, "
                    + "written as (e^z − e^−z)/(e^z + e^−z), overflows for large z (∞/∞ = NaN): use Math.tanh"),
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Check.Hint<Tensor>[] feedForwardHints(Tensor x, Tensor w1, Tensor w2) {
        return new Check.Hint[] {
            looksLike(() -> BlockVariants.feedForward(x, w1, w2, BlockVariants.Activation.IDENTITY, false),
                    "there is no GELU: the network is GELU(x·w1)·w2"),
            looksLike(() -> BlockVariants.feedForward(x, w1, w2, BlockVariants.Activation.TANH_GELU, true),
                    "GELU was applied after w2: apply it to x·w1, then multiply by w2"),
            looksLike(() -> BlockVariants.feedForward(x, w1, w2, BlockVariants.Activation.ERF_GELU, false),
                    "the feed-forward uses the erf GELU: use the tanh approximation"),
            looksLike(() -> BlockVariants.feedForward(x, w1, w2, BlockVariants.Activation.RELU, false),
                    "the feed-forward uses ReLU: use GELU"),
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Check.Hint<Tensor>[] blockHints(Tensor x, TransformerBlock.Weights w, Attention.Options options) {
        List<Check.Hint<Tensor>> hints = new ArrayList<>();
        java.util.function.BiConsumer<BlockVariants.Block, String> add = (mistake, cause) ->
                hints.add(looksLike(() -> BlockVariants.block(x, w, options, mistake), cause));
        add.accept(BlockVariants.Block.NO_RESIDUALS, "both residual connections are missing: h = x + attention(LN1(x)), "
                + "out = h + feedForward(LN2(h))");
        add.accept(BlockVariants.Block.NO_FIRST_RESIDUAL, "the first residual is missing: h = x + attention(LN1(x))");
        add.accept(BlockVariants.Block.NO_SECOND_RESIDUAL, "the second residual is missing: out = h + "
                + "feedForward(LN2(h))");
        add.accept(BlockVariants.Block.POST_NORM, "this is a post-norm block (LayerNorm after the addition): normalise "
                + "the input of each sublayer instead, x + sublayer(LN(x))");
        add.accept(BlockVariants.Block.RESIDUAL_FROM_NORMED, "the residual adds the normalised vector: add the "
                + "sublayer's output to the original x (and h), not to LN(x)");
        add.accept(BlockVariants.Block.PARALLEL, "the feed-forward read LN2(x): it must read LN2(h), with h the result "
                + "after attention");
        add.accept(BlockVariants.Block.SAMPLE_VARIANCE, "LayerNorm inside the block divides the variance by d − 1: use d");
        add.accept(BlockVariants.Block.LN1_TWICE, "ln1's gamma and beta were used for both norms: the second norm uses "
                + "ln2Gamma and ln2Beta");
        add.accept(BlockVariants.Block.NO_NORM, "the LayerNorms are missing: feed LN1(x) to attention and LN2(h) to the "
                + "feed-forward");
        add.accept(BlockVariants.Block.ERF_GELU, "the feed-forward uses the erf GELU: use the tanh approximation");
        if (!options.causal()) {
            add.accept(BlockVariants.Block.ALWAYS_CAUSAL, "attention ran with the causal mask although the options say "
                    + "causal = false: pass the options through as given");
        } else {
            add.accept(BlockVariants.Block.NEVER_CAUSAL, "attention ran without the causal mask although the options "
                    + "say causal = true: pass the options through as given");
        }
        if (options.rotary()) {
            add.accept(BlockVariants.Block.NEVER_ROTARY, "attention ran without RoPE although the options say rotary = "
                    + "true: pass the options through as given");
        }
        return hints.toArray(Check.Hint[]::new);
    }

    // ---- LayerNorm ----

    @Test
    @DisplayName("LayerNorm of [1, 2, 3, 4] is [-1.341635, -0.447212, 0.447212, 1.341635], also near-constant rows work")
    @Points(3)
    @Visibility.Shown(VISIBLE)
    void layerNormFixedRows() {
        Tensor x = Tensor.matrix(new float[][] {{1, 2, 3, 4}, {-2, 0, 0, 6}, {0.001f, -0.001f, 0.002f, 0}});
        Tensor gamma = Tensor.vector(1, 1, 1, 1);
        Tensor beta = Tensor.vector(0, 0, 0, 0);
        Tensor expected = reference().layerNorm(x, gamma, beta);
        Check.close("reference check of the course row", Tensor.vector(-1.341635f, -0.447212f, 0.447212f, 1.341635f),
                expected.row(0), SINGLE_OP);
        for (BlockVariants.Norm mistake : List.of(BlockVariants.Norm.SAMPLE_VARIANCE, BlockVariants.Norm.EPS_OUTSIDE,
                BlockVariants.Norm.NO_EPS, BlockVariants.Norm.VARIANCE_NOT_STD)) {
            Check.separates("LayerNorm with " + mistake, expected, () -> BlockVariants.layerNorm(x, gamma, beta,
                    mistake), SINGLE_OP);
        }

        Check.close("LayerNorm with gamma = 1, beta = 0 (row 0: μ = 2.5, σ² = 1.25; row 2 has σ² = 1.25e-6, so ε "
                        + "matters)", expected, learner().layerNorm(x, gamma, beta), SINGLE_OP,
                normHints(x, gamma, beta));
    }

    @Test
    @DisplayName("LayerNorm of a constant row gives exactly beta, not NaN")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void layerNormConstantRow() {
        Tensor x = Tensor.matrix(new float[][] {{3, 3, 3, 3}, {-7, -7, -7, -7}});
        Tensor gamma = Tensor.vector(2, -1, 0.5f, 3);
        Tensor beta = Tensor.vector(0.5f, -1, 2, 0);

        Check.close("LayerNorm of constant rows (x − μ = 0, so every value is beta)",
                Tensor.matrix(new float[][] {{0.5f, -1, 2, 0}, {0.5f, -1, 2, 0}}),
                learner().layerNorm(x, gamma, beta), SINGLE_OP, normHints(x, gamma, beta));
    }

    @Test
    @DisplayName("LayerNorm of rows with a large mean and a small spread (100 + N(0, 1)) loses no precision")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void layerNormLargeMeanSmallSpread() {
        Tensor x = Check.normal(new SplittableRandom(14), 100, 1, 2, 16);
        Tensor gamma = Check.normal(new SplittableRandom(15), 1, 0.2, 16);
        Tensor beta = Check.normal(new SplittableRandom(16), 0, 0.2, 16);
        Tensor expected = reference().layerNorm(x, gamma, beta);
        Check.separates("the single-pass float variance", expected,
                () -> BlockVariants.layerNorm(x, gamma, beta, BlockVariants.Norm.SINGLE_PASS_FLOAT), SINGLE_OP);

        Check.close("LayerNorm of two rows of 16 values around 100 with spread 1 (σ² ≈ 1 while E[x²] ≈ 10⁴)",
                expected, learner().layerNorm(x, gamma, beta), SINGLE_OP, normHints(x, gamma, beta));
    }

    @Test
    @DisplayName("LayerNorm reads a non-contiguous view of x through its strides")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void layerNormOfAView() {
        Tensor x = Check.strided(Tensor.matrix(new float[][] {{1, 2, 3, 4}, {-2, 0, 0, 6}, {3, 1, 4, 1}}));
        Tensor gamma = Tensor.vector(1.5f, 0.5f, 1, 2);
        Tensor beta = Tensor.vector(0, 1, -1, 0.5f);
        Tensor expected = reference().layerNorm(x, gamma, beta);
        Check.separates("reading data() row by row", expected,
                () -> reference().layerNorm(Diagnose.ignoringStrides(x), gamma, beta), SINGLE_OP);

        Check.close("LayerNorm of a [3, 4] view (transposed storage behind an offset: read it with get2(r, c))",
                expected, learner().layerNorm(x, gamma, beta), SINGLE_OP, normHints(x, gamma, beta));
    }

    @Test
    @DisplayName("LayerNorm with random gamma and beta on a non-contiguous view matches the reference")
    @Points(2)
    @Visibility.Shown(AFTER_DEADLINE)
    void layerNormRandomAgainstReference() {
        SplittableRandom r = Grading.random("layerNormRandom");
        int d = 4 + r.nextInt(12);
        Tensor x = Check.strided(Check.normal(r, 2, 3, 3 + r.nextInt(5), d));
        Tensor gamma = Check.normal(r, 1, 0.5, d);
        Tensor beta = Check.normal(r, 0, 0.5, d);

        Check.close("LayerNorm of a random " + java.util.Arrays.toString(x.shape()) + " view with random gamma and "
                + "beta", reference().layerNorm(x, gamma, beta), learner().layerNorm(x, gamma, beta), SINGLE_OP,
                normHints(x, gamma, beta));
    }

    // ---- GELU and feed-forward ----

    @Test
    @DisplayName("GELU follows the tanh formula (gelu(1) = 0.841192, gelu(-1) = -0.158808) on any shape, large inputs too")
    @Points(3)
    @Visibility.Shown(VISIBLE)
    void geluValues() {
        Tensor x = Tensor.of(new float[] {0, 1, -1, 3, -3, 2.5f, -2.5f, -1.5f, 0.5f, 10, -10, 30, -30, 1.2f, -0.1f,
            60}, 2, 2, 4);
        Tensor expected = reference().gelu(x);
        for (BlockVariants.Activation mistake : List.of(BlockVariants.Activation.ERF_GELU,
                BlockVariants.Activation.NO_CUBIC, BlockVariants.Activation.ROOT_TWO_OVER_PI,
                BlockVariants.Activation.CUBIC_TIMES_TEN, BlockVariants.Activation.HANDWRITTEN_TANH)) {
            Check.separates("GELU with " + mistake, expected, () -> BlockVariants.activation(x, mistake), SINGLE_OP);
        }

        Check.close("gelu of a [2, 2, 4] tensor (0 → 0, 1 → 0.841192, −1 → −0.158808, 3 → 2.996363, 30 → 30, "
                        + "−30 → 0)", expected, learner().gelu(x), SINGLE_OP, geluHints(x));
    }

    @Test
    @DisplayName("the feed-forward network computes GELU(x·w1)·w2, [T, d] → [T, 4d] → [T, d]")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void feedForwardAgainstReference() {
        SplittableRandom r = Grading.random("feedForward");
        Tensor x = Check.random(r, 1.5, 3, 4);
        Tensor w1 = Check.normal(r, 0, 0.7, 4, 16);
        Tensor w2 = Check.normal(r, 0, 0.4, 16, 4);

        Tensor expected = reference().feedForward(x, w1, w2);
        Check.separates("GELU after w2", expected, () -> BlockVariants.feedForward(x, w1, w2,
                BlockVariants.Activation.TANH_GELU, true), COMPOSED);
        Check.close("feedForward of a [3, 4] input with w1 [4, 16] and w2 [16, 4]",
                expected, learner().feedForward(x, w1, w2), COMPOSED,
                feedForwardHints(x, w1, w2));
    }

    // ---- the block ----

    @Test
    @DisplayName("with all attention and feed-forward weights zero, the block returns its input unchanged")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void zeroWeightsPassInputThrough() {
        SplittableRandom r = Grading.random("zeroWeights");
        int d = 8;
        Tensor x = Check.random(r, 2, 4, d);
        TransformerBlock.Weights w = new TransformerBlock.Weights(Check.normal(r, 1, 0.2, d),
                Check.normal(r, 0, 0.2, d), new Attention.Weights(Tensor.zeros(d, d), Tensor.zeros(d, d),
                Tensor.zeros(d, d), Tensor.zeros(d, d)), Check.normal(r, 1, 0.2, d), Check.normal(r, 0, 0.2, d),
                Tensor.zeros(d, 4 * d), Tensor.zeros(4 * d, d));
        Attention.Options options = new Attention.Options(2, true, false);

        Check.close("block output with zero sublayer weights (both sublayers add 0, so out = x through the "
                + "residuals)", x.copy(), learner().forward(x, w, options), SINGLE_OP, blockHints(x, w, options));
    }

    @Test
    @DisplayName("a causal 2-head block on 5 tokens matches the reference")
    @Points(4)
    @Visibility.Shown(VISIBLE)
    void causalBlockAgainstReference() {
        SplittableRandom r = Grading.random("causalBlock");
        Tensor x = Check.random(r, 1.5, 5, 8);
        TransformerBlock.Weights w = Check.blockWeights(r, 8);
        Attention.Options options = new Attention.Options(2, true, false);

        forwardMatchesReference(
                "block forward, T = 5, d = 8, 2 causal heads (h = x + MHA(LN1(x)), out = h + FFN(LN2(h)))",
                learner(), x, w, options);
    }

    @Test
    @DisplayName("a small block passes its options on as given (no mask, or mask and RoPE) and reads x as a view")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void smallBlockOptionsAndView() {
        SplittableRandom r = new SplittableRandom(5);
        Tensor x = Check.strided(Check.random(r, 1.5, 3, 4));
        TransformerBlock.Weights w = Check.blockWeights(r, 4);
        Attention.Options plain = new Attention.Options(1, false, false);
        Attention.Options rotary = new Attention.Options(2, true, true);
        Check.separates("a block that always masks", reference().forward(x, w, plain),
                () -> BlockVariants.block(x, w, plain, BlockVariants.Block.ALWAYS_CAUSAL), COMPOSED);
        Check.separates("a block that never rotates", reference().forward(x, w, rotary),
                () -> BlockVariants.block(x, w, rotary, BlockVariants.Block.NEVER_ROTARY), COMPOSED);

        forwardMatchesReference("block forward of a [3, 4] view with 1 head, causal = false, rotary = false",
                learner(), x, w, plain);
        forwardMatchesReference("block forward of the same view with 2 heads, causal = true, rotary = true",
                learner(), x, w, rotary);
    }

    @Test
    @DisplayName("LayerNorm, GELU, the feed-forward network and the block leave every tensor they are given unchanged")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void inputsUnchanged() {
        TransformerBlock learner = learner();
        SplittableRandom r = new SplittableRandom(6);
        Tensor x = Check.strided(Check.random(r, 1.5, 3, 4));
        Tensor plain = Check.random(r, 1.5, 3, 4);
        TransformerBlock.Weights w = Check.blockWeights(r, 4);
        Check.leavesInputsAlone("layerNorm(x, gamma, beta)", () -> learner.layerNorm(plain, w.ln1Gamma(),
                w.ln1Beta()), "x", plain, "gamma", w.ln1Gamma(), "beta", w.ln1Beta());
        Check.leavesInputsAlone("layerNorm(x view, gamma, beta)", () -> learner.layerNorm(x, w.ln1Gamma(),
                w.ln1Beta()), "x", x, "gamma", w.ln1Gamma(), "beta", w.ln1Beta());
        Check.leavesInputsAlone("gelu(x)", () -> learner.gelu(plain), "x", plain);
        Check.leavesInputsAlone("feedForward(x, w1, w2)", () -> learner.feedForward(plain, w.w1(), w.w2()), "x",
                plain, "w1", w.w1(), "w2", w.w2());
        Check.leavesInputsAlone("forward(x, weights, options)", () -> learner.forward(x, w,
                new Attention.Options(2, true, false)), "x", x, "weights", w);
    }

    @Test
    @DisplayName("the block passes the attention options on as given: one head without mask, and causal heads with RoPE")
    @Points(3)
    @Visibility.Shown(AFTER_DEADLINE)
    void optionsPassedThrough() {
        SplittableRandom r = Grading.random("optionsPassedThrough");
        TransformerBlock learner = learner();
        int d = 4 * (2 + r.nextInt(3));
        Tensor x = Check.random(r, 1.5, 3 + r.nextInt(4), d);
        TransformerBlock.Weights w = Check.blockWeights(r, d);

        Attention.Options plain = new Attention.Options(1, false, false);
        forwardMatchesReference("block forward with 1 head, causal = false, rotary = false (d = " + d + ")",
                learner, x, w, plain);
        Attention.Options rotary = new Attention.Options(2, true, true);
        forwardMatchesReference("block forward with 2 heads, causal = true, rotary = true (d = " + d + ")",
                learner, x, w, rotary);
    }

    @Test
    @DisplayName("a block on a single token matches the reference")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void oneToken() {
        SplittableRandom r = Grading.random("blockOneToken");
        Tensor x = Check.random(r, 1.5, 1, 6);
        TransformerBlock.Weights w = Check.blockWeights(r, 6);
        Attention.Options options = new Attention.Options(3, true, true);

        forwardMatchesReference("block forward of one token (attention over one key copies its value)",
                learner(), x, w, options);
    }

    @Test
    @DisplayName("a block on a non-contiguous input with 3 rotary heads matches the reference")
    @Points(1)
    @Visibility.Shown(NEVER)
    void blockOnView() {
        SplittableRandom r = Grading.random("blockOnView");
        Tensor x = Check.strided(Check.random(r, 1.5, 7, 12));
        TransformerBlock.Weights w = Check.blockWeights(r, 12);
        Attention.Options options = new Attention.Options(3, true, true);

        forwardMatchesReference("block forward of a [7, 12] view, 3 causal rotary heads", learner(), x, w, options);
    }

    /** The learner's block output equals the reference's within {@code COMPOSED}, with the block's likely causes. */
    private static void forwardMatchesReference(String what, TransformerBlock learner, Tensor x,
                                                TransformerBlock.Weights w, Attention.Options options) {
        Check.close(what, reference().forward(x, w, options), learner.forward(x, w, options), COMPOSED,
                blockHints(x, w, options));
    }
}
