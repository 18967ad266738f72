package dev.llmf.grader.suites;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Tensor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static dev.llmf.grader.suites.Check.COMPOSED;
import static dev.llmf.grader.suites.Check.SINGLE_OP;
import static dev.llmf.grader.suites.Check.looksLike;
import static dev.llmf.grader.suites.Visibility.AFTER_DEADLINE;
import static dev.llmf.grader.suites.Visibility.NEVER;
import static dev.llmf.grader.suites.Visibility.VISIBLE;

/** Hidden tests for exercise 4 ({@link Attention}): the dry run, masking, stability, views, heads and RoPE. */
@DisplayName("Exercise 4 — attention")
public class AttentionSuite {

    // The course's 3-token dry run, d_k = 4: new tensors for every use, since learner code may write into them.
    private static Tensor dryQ() {
        return Tensor.matrix(new float[][] {{1, 0, 1, 0}, {0, 1, 0, 1}, {1, 1, 0, 0}});
    }

    private static Tensor dryK() {
        return Tensor.matrix(new float[][] {{1, 1, 0, 0}, {0, 0, 1, 1}, {1, 0, 1, 0}});
    }

    private static Tensor dryV() {
        return Tensor.matrix(new float[][] {{1, 0, 1, 0}, {0, 1, 0, 1}, {1, 1, 0, 0}});
    }

    private static final String NO_MAX = "your weights are a softmax without subtracting each row's maximum score: "
            + "exp of a score above 88.7 overflows to Infinity, and the row becomes NaN; subtract the row maximum "
            + "before exp";

    private static Attention learner() {
        return Grading.learner(Attention.class);
    }

    private static Attention reference() {
        return Grading.reference(Attention.class);
    }

    /** Likely causes for a wrong scaled dot-product result; {@code weights} picks which half is compared. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Check.Hint<Tensor>[] sdpHints(Tensor q, Tensor k, Tensor v, boolean causal, boolean weights) {
        Function<Attention.Output, Tensor> part = weights ? Attention.Output::weights : Attention.Output::output;
        int dk = q.size(1);
        int dv = v.size(1);
        int t = q.size(0);
        int s = k.size(0);
        AttentionVariants.Mask mask = causal ? AttentionVariants.Mask.CAUSAL : AttentionVariants.Mask.NONE;
        double right = 1 / Math.sqrt(dk);
        List<Check.Hint<Tensor>> hints = new ArrayList<>();
        hints.add(looksLike(() -> part.apply(AttentionVariants.attention(q, k, v, 1, mask)),
                "these are softmax(Q·Kᵀ) without scaling: did you divide the scores by √d_k (" + Check.root(dk) + ")?"));
        hints.add(looksLike(() -> part.apply(AttentionVariants.attention(q, k, v, 1.0 / dk, mask)),
                "you divided the scores by d_k = " + dk + ": divide by √d_k (" + Check.root(dk) + ")"));
        hints.add(looksLike(() -> part.apply(AttentionVariants.attention(q, k, v, Math.sqrt(dk), mask)),
                "you multiplied the scores by √d_k: divide by it"));
        for (double off : new double[] {Math.sqrt(2), 1 / Math.sqrt(2)}) {
            hints.add(looksLike(() -> part.apply(AttentionVariants.attention(q, k, v, right * off, mask)),
                    "your scale is off by a factor of √2: scale by exactly 1/√d_k with d_k = q.size(1) = " + dk));
        }
        if (dv != dk) {
            hints.add(looksLike(() -> part.apply(AttentionVariants.attention(q, k, v, 1 / Math.sqrt(dv), mask)),
                    "you scaled by 1/√d_v (the width of V): the scale uses d_k, the width of Q and K"));
        }
        if (t != dk) {
            hints.add(looksLike(() -> part.apply(AttentionVariants.attention(q, k, v, 1 / Math.sqrt(t), mask)),
                    "you scaled by 1/√T (the number of queries): the scale uses d_k, the width of Q and K"));
        }
        if (s != dk && s != t) {
            hints.add(looksLike(() -> part.apply(AttentionVariants.attention(q, k, v, 1 / Math.sqrt(s), mask)),
                    "you scaled by 1/√S (the number of keys): the scale uses d_k, the width of Q and K"));
        }
        hints.add(looksLike(() -> part.apply(AttentionVariants.attentionAssignedOutput(q, k, v, right, mask)),
                "each output row is only the last key's weight times its value row: the sum over the keys was "
                        + "assigned (=) instead of accumulated (+=)"));
        hints.add(looksLike(() -> part.apply(AttentionVariants.attentionWithoutMax(q, k, v, right, causal)), NO_MAX));
        if (causal) {
            hints.add(looksLike(() -> part.apply(AttentionVariants.attention(q, k, v, right,
                    AttentionVariants.Mask.HIDES_DIAGONAL)), "your mask is shifted by one: it hides key j = i too "
                    + "(j ≥ i), so query 0 sees no key at all (NaN); hide only j > i, each query sees itself"));
            hints.add(looksLike(() -> part.apply(AttentionVariants.attention(q, k, v, right,
                    AttentionVariants.Mask.SEES_NEXT)), "your mask is shifted by one: query i still sees key i + 1 "
                    + "(only j > i + 1 is hidden); hide every j > i"));
            hints.add(looksLike(() -> part.apply(AttentionVariants.attention(q, k, v, right, AttentionVariants.Mask.AFTER_SOFTMAX)),
                    "the mask was applied AFTER the softmax (rows no longer sum to 1): set the future scores to −∞ "
                            + "first, then softmax"));
            hints.add(looksLike(() -> part.apply(AttentionVariants.attention(q, k, v, right, AttentionVariants.Mask.ZERO_SCORE)),
                    "the future scores were set to 0, not −∞: e^0 = 1, so the future still gets weight; use "
                            + "Float.NEGATIVE_INFINITY"));
            hints.add(looksLike(() -> part.apply(AttentionVariants.attention(q, k, v, right, AttentionVariants.Mask.BELOW_DIAGONAL)),
                    "the mask hides the past (j < i): query i may see keys 0..i and must not see j > i"));
            hints.add(looksLike(() -> part.apply(AttentionVariants.attention(q, k, v, right, AttentionVariants.Mask.NONE)),
                    "no mask was applied although causal = true"));
        } else {
            hints.add(looksLike(() -> t == s ? part.apply(AttentionVariants.attention(q, k, v, right, AttentionVariants.Mask.CAUSAL))
                    : null, "you applied the causal mask although causal = false"));
        }
        hints.add(looksLike(() -> part.apply(AttentionVariants.attentionColumnSoftmax(q, k, v, right)),
                "each COLUMN of your weights sums to 1: softmax runs along each row (one query over all keys)"));
        hints.add(looksLike(() -> t == s ? part.apply(AttentionVariants.attention(k, q, v, right, mask)) : null,
                "these weights come from K·Qᵀ: score[i][j] is query i · key j (Q·Kᵀ)"));
        if (!q.isContiguous() || !k.isContiguous() || !v.isContiguous()) {
            hints.add(looksLike(() -> part.apply(AttentionVariants.attention(Diagnose.ignoringStrides(q),
                    Diagnose.ignoringStrides(k), Diagnose.ignoringStrides(v), right, mask)),
                    "your result matches reading data() row by row, ignoring the strides: Q, K and V may be views, "
                            + "read them with get2(i, j) or toArray()"));
        }
        return hints.toArray(Check.Hint[]::new);
    }

    /** Likely causes for a wrong multi-head result. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Check.Hint<Tensor>[] headHints(Tensor x, Attention.Weights w, Attention.Options options,
                                                  boolean weights) {
        Function<Attention.Output, Tensor> part = weights ? Attention.Output::weights : Attention.Output::output;
        int d = x.size(1);
        int dh = d / options.heads();
        List<Check.Hint<Tensor>> hints = new ArrayList<>();
        java.util.function.BiConsumer<AttentionVariants.Heads, String> add = (mistake, cause) ->
                hints.add(looksLike(() -> part.apply(AttentionVariants.multiHead(x, w, options, mistake)), cause));
        add.accept(AttentionVariants.Heads.SCALE_D_MODEL, "each head scaled by 1/√d_model = 1/√" + d + ": a head is an "
                + "attention of width d_h = d_model / H = " + dh + ", so scale by 1/√" + dh);
        add.accept(AttentionVariants.Heads.UNSCALED, "the scores were not scaled: did you divide the scores by √d_h ("
                + Check.root(dh) + ")?");
        add.accept(AttentionVariants.Heads.STRIDED_COLUMNS, "head h took every H-th column: head h owns the block of "
                + "columns [h·d_h, (h+1)·d_h)");
        add.accept(AttentionVariants.Heads.NO_WO, "the joined heads were not multiplied by wo");
        add.accept(AttentionVariants.Heads.REVERSED_HEADS, "the heads were joined in reverse order: head h goes back into "
                + "columns [h·d_h, (h+1)·d_h)");
        add.accept(AttentionVariants.Heads.TRANSPOSED_WEIGHTS, "the projections were used transposed (x·wqᵀ, as "
                + "PyTorch's nn.Linear stores them): here they multiply on the right as they are, Q = x·wq, "
                + "output = heads·wo");
        if (options.rotary()) {
            add.accept(AttentionVariants.Heads.ROPE_ON_V, "V was rotated too: RoPE turns only the queries and keys");
            add.accept(AttentionVariants.Heads.ROPE_BEFORE_SPLIT, "RoPE was applied to the full-width Q and K: split into "
                    + "heads first, then rotate each [T, d_h] slice (θ_i uses d_h)");
            add.accept(AttentionVariants.Heads.NO_ROPE, "rotary = true but Q and K were not rotated");
        }
        if (options.causal()) {
            add.accept(AttentionVariants.Heads.NO_MASK, "causal = true but no mask was applied");
            add.accept(AttentionVariants.Heads.MASK_AFTER_SOFTMAX, "the mask was applied after the softmax: set the "
                    + "future scores to −∞ first");
        }
        if (!x.isContiguous()) {
            hints.add(looksLike(() -> part.apply(AttentionVariants.multiHead(Diagnose.ignoringStrides(x), w, options,
                    AttentionVariants.Heads.CORRECT)), "your result matches reading data() of x row by row, ignoring the "
                    + "strides: x may be a view"));
        }
        return hints.toArray(Check.Hint[]::new);
    }

    private static void checkOutput(String what, Attention.Output expected, Attention.Output actual, Tensor q,
                                    Tensor k, Tensor v, boolean causal, Check.Tolerance tolerance) {
        Check.that(actual != null, what + ": scaledDotProduct returned null");
        Check.close(what + " — weights = softmax(Q·Kᵀ / √d_k)" + (causal ? " with −∞ above the diagonal" : ""),
                expected.weights(), actual.weights(), tolerance, sdpHints(q, k, v, causal, true));
        Check.close(what + " — output = weights·V", expected.output(), actual.output(), tolerance,
                sdpHints(q, k, v, causal, false));
    }

    // ---- scaled dot-product ----

    @Test
    @DisplayName("the 3-token dry run gives the course's weights, row 0 = [0.274069, 0.274069, 0.451863]")
    @Points(3)
    @Visibility.Shown(VISIBLE)
    void dryRunWeights() {
        Tensor expected = Tensor.matrix(new float[][] {
            {0.274069f, 0.274069f, 0.451863f},
            {0.383652f, 0.383652f, 0.232697f},
            {0.506480f, 0.186324f, 0.307196f}});

        Check.separates("attention without the 1/√d_k scale", expected,
                () -> AttentionVariants.attention(dryQ(), dryK(), dryV(), 1, AttentionVariants.Mask.NONE).weights(),
                SINGLE_OP);

        Attention.Output out = learner().scaledDotProduct(dryQ(), dryK(), dryV(), false);

        Check.that(out != null, "scaledDotProduct returned null");
        Check.close("dry-run weights (scores Q·Kᵀ = [[1,1,2],[1,1,0],[2,0,1]], divided by √4 = 2, softmax per row)",
                expected, out.weights(), SINGLE_OP, sdpHints(dryQ(), dryK(), dryV(), false, true));
    }

    @Test
    @DisplayName("the 3-token dry run gives output row 0 = [0.725931, 0.725931, 0.274069, 0.274069]")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void dryRunOutput() {
        Tensor expected = Tensor.matrix(new float[][] {
            {0.725931f, 0.725931f, 0.274069f, 0.274069f},
            {0.616348f, 0.616348f, 0.383652f, 0.383652f},
            {0.813676f, 0.493520f, 0.506480f, 0.186324f}});

        Attention.Output out = learner().scaledDotProduct(dryQ(), dryK(), dryV(), false);

        Check.that(out != null, "scaledDotProduct returned null");
        Check.close("dry-run output = weights·V (row i mixes the rows of V with the weights of row i)", expected,
                out.output(), SINGLE_OP, sdpHints(dryQ(), dryK(), dryV(), false, false));
    }

    @Test
    @DisplayName("with the causal mask the dry-run weights are [[1, 0, 0], [0.5, 0.5, 0], [0.506480, 0.186324, 0.307196]]")
    @Points(3)
    @Visibility.Shown(VISIBLE)
    void causalDryRun() {
        Tensor expectedWeights = Tensor.matrix(new float[][] {
            {1, 0, 0},
            {0.5f, 0.5f, 0},
            {0.506480f, 0.186324f, 0.307196f}});

        for (AttentionVariants.Mask mistake : List.of(AttentionVariants.Mask.NONE, AttentionVariants.Mask.HIDES_DIAGONAL,
                AttentionVariants.Mask.SEES_NEXT, AttentionVariants.Mask.BELOW_DIAGONAL,
                AttentionVariants.Mask.ZERO_SCORE, AttentionVariants.Mask.AFTER_SOFTMAX)) {
            Check.separates("the mask " + mistake, expectedWeights, () -> AttentionVariants.attention(dryQ(), dryK(),
                    dryV(), 0.5, mistake).weights(), SINGLE_OP);
        }

        Attention.Output out = learner().scaledDotProduct(dryQ(), dryK(), dryV(), true);

        Check.that(out != null, "scaledDotProduct returned null");
        Check.close("causal dry-run weights (query i sees keys 0..i only)", expectedWeights, out.weights(),
                SINGLE_OP, sdpHints(dryQ(), dryK(), dryV(), true, true));
        for (int i = 0; i < 3; i++) {
            for (int j = i + 1; j < 3; j++) {
                Check.that(out.weights().get(i, j) == 0f, "causal weight [" + i + ", " + j + "] must be exactly 0 "
                        + "but was " + out.weights().get(i, j) + ": set the score to −∞ before the softmax");
            }
        }
        Check.close("causal dry-run output (row 0 copies V[0], row 1 averages V[0] and V[1])",
                reference().scaledDotProduct(dryQ(), dryK(), dryV(), true).output(), out.output(), SINGLE_OP,
                sdpHints(dryQ(), dryK(), dryV(), true, false));
    }

    @Test
    @DisplayName("random rectangular cases (T ≠ S, d_k ≠ d_v) match the reference, with and without the mask")
    @Points(3)
    @Visibility.Shown(AFTER_DEADLINE)
    void randomRectangularAgainstReference() {
        SplittableRandom r = Grading.random("sdpRandom");
        Attention learner = learner();
        int t = 2 + r.nextInt(4);
        int s = t + 1 + r.nextInt(4);
        int dk = 3 + r.nextInt(6);
        int dv = dk + 1 + r.nextInt(3);
        Tensor q = Check.random(r, 1.5, t, dk);
        Tensor k = Check.random(r, 1.5, s, dk);
        Tensor v = Check.random(r, 2, s, dv);
        checkOutput("T = " + t + " queries, S = " + s + " keys, d_k = " + dk + ", d_v = " + dv,
                reference().scaledDotProduct(q, k, v, false), learner.scaledDotProduct(q, k, v, false), q, k, v,
                false, SINGLE_OP);

        Tensor kc = k.rows(0, t);
        Tensor vc = v.rows(0, t);
        checkOutput("causal, T = S = " + t + ", d_k = " + dk + ", d_v = " + dv,
                reference().scaledDotProduct(q, kc, vc, true), learner.scaledDotProduct(q, kc, vc, true), q, kc, vc,
                true, SINGLE_OP);
    }

    @Test
    @DisplayName("scores in the thousands give finite one-hot-like weights, not NaN")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void largeScoresStayFinite() {
        Tensor big = Tensor.matrix(new float[][] {{40, 40, 40, 40}, {40, 40, 40, 40}, {40, 40, 40, 40}});
        Tensor q = Tensor.of(mul(dryQ().toArray(), big.toArray()), 3, 4);
        Tensor k = Tensor.of(mul(dryK().toArray(), big.toArray()), 3, 4);
        Tensor v = dryV();
        Attention.Output expected = reference().scaledDotProduct(q, k, v, true);

        Attention.Output out = learner().scaledDotProduct(q, k, v, true);

        checkOutput("40·Q and 40·K of the dry run (scores up to 3200 / 2 = 1600)", expected, out, q, k, v, true,
                SINGLE_OP);
    }

    @Test
    @DisplayName("Q, K and V may be non-contiguous views: the result equals that of contiguous copies")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void viewsAsInputs() {
        SplittableRandom r = Grading.random("sdpViews");
        Tensor q = Check.strided(Check.random(r, 1.5, 4, 6));
        Tensor k = Check.strided(Check.random(r, 1.5, 4, 6));
        Tensor v = Check.strided(Check.random(r, 2, 4, 3));

        checkOutput("Q [4, 6], K [4, 6], V [4, 3] as transposed views behind an offset",
                reference().scaledDotProduct(q, k, v, true), learner().scaledDotProduct(q, k, v, true), q, k, v,
                true, SINGLE_OP);
    }

    @Test
    @DisplayName("queries and keys may differ in number (T ≠ S) and values in width (d_v ≠ d_k): the scale is 1/√d_k")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void rectangularDryRun() {
        Tensor q = Tensor.matrix(new float[][] {{1, 0, 2, 1}, {0, 1, 1, 0}});
        Tensor k = Tensor.matrix(new float[][] {{1, 1, 0, 1}, {2, 0, 1, 0}, {0, 1, 1, 2}});
        Tensor v = Tensor.matrix(new float[][] {{1, 0, 2, 0, 1, 3, 0, 1, 2}, {0, 3, 1, 1, 0, 0, 2, 1, 1},
            {2, 1, 0, 0, 3, 1, 1, 0, 2}});
        Attention.Output expected = reference().scaledDotProduct(q, k, v, false);
        Check.separates("scaling by 1/√d_v", expected.weights(),
                () -> AttentionVariants.attention(q, k, v, 1 / 3.0, AttentionVariants.Mask.NONE).weights(), SINGLE_OP);

        checkOutput("T = 2 queries, S = 3 keys, d_k = 4, d_v = 9", expected,
                learner().scaledDotProduct(q, k, v, false), q, k, v, false, SINGLE_OP);
    }

    @Test
    @DisplayName("attention leaves Q, K, V, x and the weights it is given unchanged, also when they are views")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void inputsUnchanged() {
        Attention learner = learner();
        Tensor q = Check.strided(dryQ());
        Tensor k = dryK();
        Tensor v = Check.strided(dryV());
        Check.leavesInputsAlone("scaledDotProduct(q, k, v, true)", () -> learner.scaledDotProduct(q, k, v, true),
                "q", q, "k", k, "v", v);
        SplittableRandom r = Grading.random("attentionInputsUnchanged");
        Tensor x = Check.strided(Check.random(r, 1, 3, 4));
        Attention.Weights w = Check.attentionWeights(r, 4, 0.5);
        Check.leavesInputsAlone("multiHead(x, weights, 2 causal rotary heads)",
                () -> learner.multiHead(x, w, new Attention.Options(2, true, true)), "x", x, "weights", w);
    }

    @Test
    @DisplayName("a length-1 sequence attends to itself: weights [[1]] and output V")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void lengthOneSequence() {
        Tensor q = Tensor.matrix(new float[][] {{0.3f, -2, 5}});
        Tensor k = Tensor.matrix(new float[][] {{1, 4, -0.5f}});
        Tensor v = Tensor.matrix(new float[][] {{7, -1}});

        checkOutput("T = S = 1 with the causal mask", new Attention.Output(v, Tensor.matrix(new float[][] {{1}})),
                learner().scaledDotProduct(q, k, v, true), q, k, v, true, SINGLE_OP);
    }

    @Test
    @DisplayName("mismatched shapes are refused naming them: Q/K widths, K/V lengths, causal with T ≠ S")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void rejectsMismatchedShapes() {
        Attention learner = learner();
        Check.rejects("Q [3, 4] and K [3, 5] (different widths d_k)",
                () -> learner.scaledDotProduct(Tensor.zeros(3, 4), Tensor.zeros(3, 5), Tensor.zeros(3, 4), false),
                "[3, 4]", "[3, 5]");
        Check.rejects("K [3, 4] and V [2, 4] (every key needs one value)",
                () -> learner.scaledDotProduct(Tensor.zeros(3, 4), Tensor.zeros(3, 4), Tensor.zeros(2, 4), false),
                "[3, 4]", "[2, 4]");
        Check.rejects("causal with T = 2 queries and S = 3 keys (the mask needs T == S)",
                () -> learner.scaledDotProduct(Tensor.zeros(2, 4), Tensor.zeros(3, 4), Tensor.zeros(3, 4), true));
    }

    // ---- multi-head ----

    @Test
    @DisplayName("two heads over d_model = 8 match the reference (no mask, no RoPE), also for x given as a view")
    @Points(3)
    @Visibility.Shown(VISIBLE)
    void twoHeads() {
        SplittableRandom r = Grading.random("twoHeads");
        Tensor x = Check.random(r, 1, 5, 8);
        Attention.Weights w = Check.attentionWeights(r, 8, 0.5);
        Attention.Options options = new Attention.Options(2, false, false);

        checkHeads("2 heads, T = 5, d_model = 8 (d_h = 4)", x, w, options, COMPOSED);
        checkHeads("the same 2 heads with x given as a non-contiguous view", Check.strided(x), w, options, COMPOSED);
    }

    @Test
    @DisplayName("causal multi-head attention with 2 or 4 heads of random sizes matches the reference")
    @Points(3)
    @Visibility.Shown(AFTER_DEADLINE)
    void causalHeadsRandom() {
        SplittableRandom r = Grading.random("causalHeads");
        int heads = new int[] {2, 4}[r.nextInt(2)];      // one head is graded elsewhere; two or more tell the
        int d = heads * (2 + 2 * r.nextInt(3));           // head layout apart whatever the seed
        int t = 3 + r.nextInt(5);
        Tensor x = Check.random(r, 1, t, d);
        Attention.Weights w = Check.attentionWeights(r, d, 0.5);

        checkHeads(heads + " causal heads, T = " + t + ", d_model = " + d, x, w,
                new Attention.Options(heads, true, false), COMPOSED);
    }

    @Test
    @DisplayName("with rotary = true each head's Q and K slices are rotated by position before the scores")
    @Points(3)
    @Visibility.Shown(VISIBLE)
    void rotaryHeads() {
        SplittableRandom r = Grading.random("rotaryHeads");
        Tensor x = Check.random(r, 1, 6, 8);
        Attention.Weights w = Check.attentionWeights(r, 8, 0.5);

        checkHeads("2 causal heads with RoPE, T = 6, d_model = 8 (RoPE on each [T, 4] slice of Q and K)", x, w,
                new Attention.Options(2, true, true), COMPOSED);
    }

    @Test
    @DisplayName("multi-head attention on one token returns weights [H, 1, 1] of 1 and output x·wv·wo")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void multiHeadOneToken() {
        SplittableRandom r = Grading.random("multiHeadOneToken");
        Tensor x = Check.random(r, 1, 1, 6);
        Attention.Weights w = Check.attentionWeights(r, 6, 0.5);

        checkHeads("3 causal rotary heads on a single token", x, w, new Attention.Options(3, true, true), COMPOSED);
    }

    @Test
    @DisplayName("a longer causal rotary case (T = 24, d_model = 16, 4 heads) on a view matches the reference")
    @Points(1)
    @Visibility.Shown(NEVER)
    void longerHeadsOnView() {
        SplittableRandom r = Grading.random("longerHeads");
        Tensor x = Check.strided(Check.random(r, 1, 24, 16));
        Attention.Weights w = Check.attentionWeights(r, 16, 0.35);

        checkHeads("4 causal rotary heads, T = 24, d_model = 16, x a view", x, w,
                new Attention.Options(4, true, true), COMPOSED);
    }

    private static void checkHeads(String what, Tensor x, Attention.Weights w, Attention.Options options,
                                   Check.Tolerance tolerance) {
        Attention.Output expected = reference().multiHead(x, w, options);
        Attention.Output actual = learner().multiHead(x, w, options);
        Check.that(actual != null, what + ": multiHead returned null");
        Check.close(what + " — per-head weights [H, T, T]", expected.weights(), actual.weights(), tolerance,
                headHints(x, w, options, true));
        Check.close(what + " — output [T, d_model]", expected.output(), actual.output(), tolerance,
                headHints(x, w, options, false));
    }

    private static float[] mul(float[] a, float[] b) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * b[i];
        }
        return out;
    }
}
