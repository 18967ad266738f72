package dev.llmf.exercises.training;

import dev.llmf.contract.Tensor;
import dev.llmf.contract.Training;
import dev.llmf.contract.Training.AdamW;
import dev.llmf.contract.Training.Moments;
import dev.llmf.contract.Training.Schedule;
import dev.llmf.exercises.support.Approx;
import dev.llmf.exercises.support.NotYetImplemented;
import dev.llmf.exercises.support.Subject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Public tests for exercise 8, on the lesson's worked examples. Run them with {@code ./llmf check training}; the
 * numbers are explained in the README.
 */
@ExtendWith(NotYetImplemented.class)
class TrainerTest {

    /** The logits of exercise 6 for "on", "the", "mat", "in". */
    private static final float[] LOGITS = {2.0f, 1.0f, 0.5f, 0.0f};

    /** softmax(LOGITS). */
    private static final float[] P = {0.579259f, 0.213097f, 0.129250f, 0.078394f};

    private final Training training = Subject.of(Training.class, Trainer::new);

    // ---- cross-entropy ----

    @Test
    @DisplayName("cross-entropy of the logits [2, 1, 0.5, 0] with targets “on” and “mat” is the mean of 0.546006 and 2.046006")
    void crossEntropy_twoPositions() {
        Tensor logits = Tensor.matrix(new float[][] {LOGITS, LOGITS});

        double loss = training.crossEntropy(logits, new int[] {0, 2});

        assertEquals(1.296006, loss, 1e-5, "(0.546006 + 2.046006) / 2 — each row is logsumexp 2.546006 minus the "
                + "target's logit (2 for “on”, 0.5 for “mat”); 2.592013 means you summed instead of averaging, "
                + "a negative number that you forgot the minus sign");
        assertEquals(0.546006, training.crossEntropy(Tensor.matrix(new float[][] {LOGITS}), new int[] {0}), 1e-5,
                "one row, target “on”: −log 0.579259");
    }

    @Test
    @DisplayName("cross-entropy of logits near 1000 is finite: 1.407606 for [1000, 999, 998] with targets 0 and 2")
    void crossEntropy_largeLogits_staysFinite() {
        float[] large = {1000, 999, 998};

        double loss = training.crossEntropy(Tensor.matrix(new float[][] {large, large}), new int[] {0, 2});

        assertEquals(1.407606, loss, 1e-5, "exp(1000) overflows to Infinity: compute logsumexp as m + log Σ exp(z − m) "
                + "with m the row's largest logit, so every exp is at most 1");
    }

    @Test
    @DisplayName("cross-entropy refuses a target outside [0, V) and a targets array of the wrong length")
    void crossEntropy_badTargets_throw() {
        Tensor logits = Tensor.matrix(new float[][] {LOGITS, LOGITS});

        assertThrows(IllegalArgumentException.class, () -> training.crossEntropy(logits, new int[] {0, 4}),
                "target 4 is outside [0, 4): throw IllegalArgumentException");
        assertThrows(IllegalArgumentException.class, () -> training.crossEntropy(logits, new int[] {0}),
                "2 positions need 2 targets: throw IllegalArgumentException");
    }

    @Test
    @DisplayName("the cross-entropy gradient is (softmax − one-hot) / T, and every row of it sums to 0")
    void crossEntropyGradient_twoPositions() {
        Tensor grad = training.crossEntropyGradient(Tensor.matrix(new float[][] {LOGITS, LOGITS}), new int[] {0, 2});

        Tensor expected = Tensor.matrix(new float[][] {
            {(P[0] - 1) / 2, P[1] / 2, P[2] / 2, P[3] / 2},
            {P[0] / 2, P[1] / 2, (P[2] - 1) / 2, P[3] / 2}});
        Approx.assertTensorClose("gradient for targets [0, 2] — subtract 1 at the target, then divide by T = 2; "
                + "twice these numbers means you forgot the 1/T of the mean", expected, grad, Approx.TOLERANCE);
    }

    // ---- backward passes ----

    @Test
    @DisplayName("linearBackward of the lesson's integer example: dx = dy·Wᵀ, dW = xᵀ·dy, db = [1.5, 1]")
    void linearBackward_integerExample() {
        Tensor x = Tensor.matrix(new float[][] {{1, 2, 0}, {0, 1, -1}});
        Tensor w = Tensor.matrix(new float[][] {{1, 0}, {0, 1}, {1, 1}});
        Tensor dy = Tensor.matrix(new float[][] {{1, -1}, {0.5f, 2}});

        Training.LinearGradients g = training.linearBackward(x, w, dy);

        Approx.assertTensorClose("dx = dy·Wᵀ, shaped like x [2, 3]", Tensor.matrix(new float[][] {{1, -1, 0},
            {0.5f, 2, 2.5f}}), g.input(), Approx.TOLERANCE);
        Approx.assertTensorClose("dW = xᵀ·dy, shaped like W [3, 2] (not dyᵀ·x, which is [2, 3])",
                Tensor.matrix(new float[][] {{1, -1}, {2.5f, 0}, {-0.5f, -2}}), g.weight(), Approx.TOLERANCE);
        Approx.assertTensorClose("db = the sum of dy's rows, one number per output", Tensor.vector(1.5f, 1),
                g.bias(), Approx.TOLERANCE);
    }

    @Test
    @DisplayName("softmaxBackward of softmax([2, 1, 0.5, 0]): dy = [1, 0, 0, 0] gives [0.243718, −0.123438, −0.074869, −0.045410]")
    void softmaxBackward_oneRow() {
        Tensor y = Tensor.vector(P);

        Approx.assertTensorClose("y ⊙ (dy − Σ dy·y) with Σ dy·y = 0.579259 — if only the first entry moved, you "
                + "used y ⊙ dy and dropped the sum", Tensor.vector(0.243718f, -0.123438f, -0.074869f, -0.045410f),
                training.softmaxBackward(y, Tensor.vector(1, 0, 0, 0)), Approx.TOLERANCE);
        Approx.assertTensorClose("dy = −1/p at “on” (the gradient of −log p_on) gives softmax − one-hot, the "
                + "cross-entropy gradient of one position", Tensor.vector(P[0] - 1, P[1], P[2], P[3]),
                training.softmaxBackward(y, Tensor.vector(-1 / P[0], 0, 0, 0)), Approx.TOLERANCE);
    }

    @Test
    @DisplayName("softmaxBackward of a [2, 3] matrix works row by row, along the last dimension")
    void softmaxBackward_rowByRow() {
        Tensor y = Tensor.matrix(new float[][] {{0.090031f, 0.244728f, 0.665241f}, {1 / 3f, 1 / 3f, 1 / 3f}});
        Tensor dy = Tensor.matrix(new float[][] {{0, 1, 0}, {1, 0, -1}});

        Approx.assertTensorClose("each row's own sum Σ_j dy_j·y_j (0.244728 and 0); [[-0.030010, 0.184836, "
                + "0.221747], …] means the sums ran down the columns", Tensor.matrix(new float[][] {
                    {-0.022033f, 0.184836f, -0.162803f}, {1 / 3f, 0, -1 / 3f}}),
                training.softmaxBackward(y, dy), Approx.TOLERANCE);
    }

    // ---- clipping ----

    @Test
    @DisplayName("clipping [3, 4] and [12] (global norm 13) to 6.5 halves both; to 20 leaves them")
    void clipByGlobalNorm_workedExample() {
        List<Tensor> gradients = List.of(Tensor.vector(3, 4), Tensor.vector(12));

        Training.Clipped halved = training.clipByGlobalNorm(gradients, 6.5);
        Training.Clipped kept = training.clipByGlobalNorm(gradients, 20);

        assertEquals(13, halved.norm(), 1e-5, "sqrt(3² + 4² + 12²) over both tensors together, before clipping");
        Approx.assertTensorClose("first gradient × 6.5/13", Tensor.vector(1.5f, 2), halved.gradients().get(0),
                Approx.TOLERANCE);
        Approx.assertTensorClose("second gradient × 6.5/13 — the same factor for every tensor (clipping each by its "
                + "own norm gives [6.5])", Tensor.vector(6), halved.gradients().get(1), Approx.TOLERANCE);
        assertEquals(13, kept.norm(), 1e-5, "the norm is reported even when nothing is clipped");
        Approx.assertTensorClose("13 ≤ 20: unchanged", Tensor.vector(3, 4), kept.gradients().get(0), Approx.TOLERANCE);
    }

    // ---- AdamW ----

    @Test
    @DisplayName("two AdamW steps from θ = 1 with gradients 0.5 and −0.25 give θ = 0.89, then 0.854466")
    void adamW_twoSteps() {
        AdamW config = new AdamW(0.1, 0.9, 0.999, 1e-8, 0.1);

        Training.Step first = training.adamW(Tensor.vector(1), Tensor.vector(0.5f), Moments.zeros(1), 1, config);
        Training.Step second = training.adamW(first.parameter(), Tensor.vector(-0.25f), first.moments(), 2, config);

        assertEquals(0.05, first.moments().m().get(0), 1e-7, "m = 0.9·0 + 0.1·0.5");
        assertEquals(0.00025, first.moments().v().get(0), 1e-9, "v = 0.999·0 + 0.001·0.5²");
        assertEquals(0.89, first.parameter().get(0), 1e-6, "1 − 0.1·(m̂/(√v̂ + ε) + 0.1·1) with m̂ = 0.5 and "
                + "v̂ = 0.25; 0.9 means the decay went into the gradient (L2) instead of the update, 0.673772 that "
                + "m and v were not bias-corrected");
        assertEquals(0.854466, second.parameter().get(0), 1e-6, "step 2: m = 0.02, v = 0.00031225, "
                + "m̂ = 0.02/(1 − 0.9²), v̂ = 0.00031225/(1 − 0.999²)");
    }

    @Test
    @DisplayName("adamW returns new tensors and leaves the parameter, the gradient and the moments as they were")
    void adamW_leavesInputsUnchanged() {
        Tensor theta = Tensor.vector(1, -2);
        Tensor gradient = Tensor.vector(0.5f, 0.25f);
        Moments moments = new Moments(Tensor.vector(0.1f, 0.2f), Tensor.vector(0.01f, 0.02f));

        training.adamW(theta, gradient, moments, 3, AdamW.defaults(0.01));

        assertArrayEquals(new float[] {1, -2}, theta.toArray(), "the parameter passed in changed");
        assertArrayEquals(new float[] {0.5f, 0.25f}, gradient.toArray(), "the gradient passed in changed");
        assertArrayEquals(new float[] {0.1f, 0.2f}, moments.m().toArray(), "m passed in changed");
        assertArrayEquals(new float[] {0.01f, 0.02f}, moments.v().toArray(), "v passed in changed");
    }

    // ---- the schedule ----

    @Test
    @DisplayName("max 1, min 0.1, warm-up 4, total 12: 0.25, 0.5, 0.75, 1, 1, 0.965746, …, 0.55 at step 8, 0.1 from 12")
    void learningRate_warmupThenCosine() {
        Schedule schedule = new Schedule(1.0, 0.1, 4, 12);
        double[] expected = {0.25, 0.5, 0.75, 1.0, 1.0, 0.965746, 0.868198, 0.722208, 0.55, 0.377792, 0.231802,
            0.134254, 0.1, 0.1, 0.1};

        for (int step = 0; step < expected.length; step++) {
            assertEquals(expected[step], training.learningRate(step, schedule), 1e-6, "step " + step + (step == 0
                    ? " — the first step already moves: max·(0 + 1)/4; 0 means you used step/warmup"
                    : step >= 12 ? " — from totalSteps on, min" : ""));
        }
    }

    // ---- the gradient check ----

    @Test
    @DisplayName("numericalGradients of the lesson's example agree with linearBackward of the cross-entropy gradient")
    void numericalGradients_matchTheBackwardPass() {
        Tensor x = Tensor.matrix(new float[][] {{1, 2}});
        Tensor w = Tensor.matrix(new float[][] {{0.5f, -0.5f, 0}, {0.25f, 0, 1}});
        Tensor b = Tensor.vector(0, 0.5f, 0);
        int[] target = {1};

        Training.LinearGradients numeric = training.numericalGradients(x, w, b, target, 1e-3);

        Approx.assertTensorClose("dL/dW by central differences — (L(W + h) − L(W − h)) / 2h; twice these values "
                + "means you divided by h", Tensor.matrix(new float[][] {{0.244728f, -0.909969f, 0.665241f},
                    {0.489457f, -1.819939f, 1.330482f}}), numeric.weight(), Approx.TOLERANCE);
        Approx.assertTensorClose("dL/dx", Tensor.matrix(new float[][] {{0.577349f, 0.726423f}}), numeric.input(),
                Approx.TOLERANCE);
        Approx.assertTensorClose("dL/db", Tensor.vector(0.244728f, -0.909969f, 0.665241f), numeric.bias(),
                Approx.TOLERANCE);
        assertArrayEquals(new float[] {0.5f, -0.5f, 0, 0.25f, 0, 1}, w.toArray(),
                "numericalGradients must put every perturbed value back (or work on a copy)");
    }
}
