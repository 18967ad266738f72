package dev.llmf.reference;

import static dev.llmf.reference.Fixtures.assertClose;
import static dev.llmf.reference.Fixtures.assertMentions;
import static dev.llmf.reference.Fixtures.assertNamesShapes;
import static dev.llmf.reference.Fixtures.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmf.contract.Tensor;
import dev.llmf.contract.Training;
import dev.llmf.contract.Training.AdamW;
import dev.llmf.contract.Training.Moments;
import dev.llmf.contract.Training.Schedule;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The reference's training pieces on the lesson's worked examples (numbers computed independently with numpy and
 * PyTorch in float64, see the lesson) and on seeded properties: the analytic gradients against central differences.
 * {@link TorchTrainingCrossCheckTest} compares random cases with PyTorch itself.
 */
class ReferenceTrainingTest {

    private static final float[] COURSE = {2.0f, 1.0f, 0.5f, 0.0f};

    private final Training training = new ReferenceTraining();

    @Test
    @DisplayName("crossEntropy of the course's logits with targets 0 and 2 is (0.546006 + 2.046006) / 2")
    void crossEntropy_courseLogits() {
        Tensor logits = Tensor.matrix(new float[][] {COURSE, COURSE});

        assertEquals(1.2960063899405725, training.crossEntropy(logits, new int[] {0, 2}), 1e-7);
        assertEquals(0.5460063899405725, training.crossEntropy(Tensor.matrix(new float[][] {COURSE}),
                new int[] {0}), 1e-7);
    }

    @Test
    @DisplayName("crossEntropy of logits near 1000 is finite: 1.407606 for [1000, 999, 998] with targets 0 and 2")
    void crossEntropy_largeLogits_staysFinite() {
        float[] large = {1000, 999, 998};

        assertEquals(1.4076059644444285, training.crossEntropy(Tensor.matrix(new float[][] {large, large}),
                new int[] {0, 2}), 1e-7);
    }

    @Test
    @DisplayName("crossEntropyGradient is (softmax − one-hot) / T: the course's rows")
    void crossEntropyGradient_course() {
        Tensor grad = training.crossEntropyGradient(Tensor.matrix(new float[][] {COURSE, COURSE}), new int[] {0, 2});

        assertClose("gradient", new double[][] {{-0.210371, 0.106549, 0.064625, 0.039197},
            {0.289629, 0.106549, -0.435375, 0.039197}}, grad, 1e-6, 0);
    }

    @Test
    @DisplayName("linearBackward of the lesson's integer example: dx = dy·Wᵀ, dW = xᵀ·dy, db = column sums of dy")
    void linearBackward_workedExample() {
        Tensor x = Tensor.matrix(new float[][] {{1, 2, 0}, {0, 1, -1}});
        Tensor w = Tensor.matrix(new float[][] {{1, 0}, {0, 1}, {1, 1}});
        Tensor dy = Tensor.matrix(new float[][] {{1, -1}, {0.5f, 2}});

        Training.LinearGradients g = training.linearBackward(x, w, dy);

        assertClose("dx", new double[][] {{1, -1, 0}, {0.5, 2, 2.5}}, g.input(), 0, 0);
        assertClose("dW", new double[][] {{1, -1}, {2.5, 0}, {-0.5, -2}}, g.weight(), 0, 0);
        assertClose("db", new double[] {1.5, 1}, g.bias(), 0, 0);
    }

    @Test
    @DisplayName("linearBackward reads views by their strides: a transposed x gives the copied x's gradients")
    void linearBackward_views() {
        SplittableRandom random = new SplittableRandom(81);
        Tensor xT = uniform(random, -1, 1, 5, 3);
        Tensor w = uniform(random, -1, 1, 5, 4);
        Tensor dy = uniform(random, -1, 1, 3, 4);

        Training.LinearGradients fromView = training.linearBackward(xT.transpose(0, 1), w, dy);
        Training.LinearGradients fromCopy = training.linearBackward(xT.transpose(0, 1).copy(), w, dy);

        assertArrayEquals(fromCopy.weight().toArray(), fromView.weight().toArray());
    }

    @Test
    @DisplayName("softmaxBackward of the course's softmax: dy = e₀ gives y ⊙ (e₀ − y₀); dy = −1/p₀·e₀ gives y − e₀")
    void softmaxBackward_course() {
        Tensor y = new ReferenceTensorMath().softmax(Tensor.vector(COURSE));

        assertClose("dx for dy = [1, 0, 0, 0]", new double[] {0.243718, -0.123438, -0.074869, -0.045410},
                training.softmaxBackward(y, Tensor.vector(1, 0, 0, 0)), 1e-6, 0);
        // through softmax from −log p₀: the cross-entropy gradient of one position, softmax − one-hot
        float p0 = y.get(0);
        assertClose("dx for dy = −1/p₀ at 0", new double[] {0.579259 - 1, 0.213097, 0.129250, 0.078394},
                training.softmaxBackward(y, Tensor.vector(-1 / p0, 0, 0, 0)), 1e-6, 0);
    }

    @Test
    @DisplayName("softmaxBackward runs along the last dimension of every row of a rank-3 tensor")
    void softmaxBackward_rank3_rowByRow() {
        SplittableRandom random = new SplittableRandom(82);
        Tensor y = new ReferenceTensorMath().softmax(uniform(random, -2, 2, 2, 3, 5));
        Tensor dy = uniform(random, -1, 1, 2, 3, 5);

        Tensor dx = training.softmaxBackward(y, dy);

        for (int a = 0; a < 2; a++) {
            for (int r = 0; r < 3; r++) {
                Tensor row = training.softmaxBackward(y.row(a).row(r), dy.row(a).row(r));
                assertArrayEquals(row.toArray(), dx.row(a).row(r).toArray(), "row " + a + ", " + r);
            }
        }
        // each row of dx sums to 0: softmax's outputs always sum to 1
        float[] values = dx.toArray();
        for (int at = 0; at < values.length; at += 5) {
            double sum = 0;
            for (int j = at; j < at + 5; j++) {
                sum += values[j];
            }
            assertEquals(0, sum, 1e-6);
        }
    }

    @Test
    @DisplayName("clipByGlobalNorm: [3, 4] and [12] have norm 13; maxNorm 6.5 halves them, 20 keeps them as new tensors")
    void clipByGlobalNorm_workedExample() {
        Tensor a = Tensor.vector(3, 4);
        Tensor b = Tensor.vector(12);

        Training.Clipped halved = training.clipByGlobalNorm(List.of(a, b), 6.5);
        Training.Clipped kept = training.clipByGlobalNorm(List.of(a, b), 20);

        assertEquals(13, halved.norm(), 1e-12);
        assertArrayEquals(new float[] {1.5f, 2}, halved.gradients().get(0).toArray());
        assertArrayEquals(new float[] {6}, halved.gradients().get(1).toArray());
        assertEquals(13, kept.norm(), 1e-12);
        assertArrayEquals(new float[] {3, 4}, kept.gradients().get(0).toArray());
        assertNotSame(a, kept.gradients().get(0));
    }

    @Test
    @DisplayName("adamW, two steps from θ = 1 with g = 0.5 then −0.25: θ = 0.89 then 0.854466, as torch.optim.AdamW")
    void adamW_twoSteps() {
        AdamW config = new AdamW(0.1, 0.9, 0.999, 1e-8, 0.1);
        Tensor theta = Tensor.vector(1);
        Moments zero = Moments.zeros(1);

        Training.Step first = training.adamW(theta, Tensor.vector(0.5f), zero, 1, config);
        Training.Step second = training.adamW(first.parameter(), Tensor.vector(-0.25f), first.moments(), 2, config);

        // torch.optim.AdamW in float64 on the same numbers: 0.890000002, then 0.8544662986878463
        assertEquals(0.890000002f, first.parameter().get(0), 1e-7);
        assertEquals(0.05f, first.moments().m().get(0), 1e-9);
        assertEquals(0.00025f, first.moments().v().get(0), 1e-11);
        assertEquals(0.8544662986878463, second.parameter().get(0), 1e-6);
        assertEquals(0.02f, second.moments().m().get(0), 1e-8);
        assertEquals(0.00031225f, second.moments().v().get(0), 1e-10);
        assertArrayEquals(new float[] {1}, theta.toArray(), "the parameter passed in is unchanged");
        assertArrayEquals(new float[] {0}, zero.m().toArray(), "the moments passed in are unchanged");
    }

    @Test
    @DisplayName("learningRate: max 1, min 0.1, warm-up 4, total 12 gives 0.25, 0.5, 0.75, 1, 1, …, 0.55 at 8, 0.1 from 12")
    void learningRate_courseSchedule() {
        Schedule schedule = new Schedule(1.0, 0.1, 4, 12);
        double[] expected = {0.25, 0.5, 0.75, 1.0, 1.0, 0.965746, 0.868198, 0.722208, 0.55, 0.377792, 0.231802,
            0.134254, 0.1, 0.1};

        for (int step = 0; step < expected.length; step++) {
            assertEquals(expected[step], training.learningRate(step, schedule), 1e-6, "step " + step);
        }
        assertEquals(0, training.learningRate(0, new Schedule(0.3, 0, 0, 0)), 0,
                "total 0: every step is past the end, so min");
        assertEquals(0.3, training.learningRate(0, new Schedule(0.3, 0, 0, 10)), 1e-15, "no warm-up: starts at max");
    }

    @Test
    @DisplayName("numericalGradients of the lesson's example: L = 2.407606, dL/dW[0][0] = 0.244728, as the analytic gradient")
    void numericalGradients_workedExample() {
        Tensor x = Tensor.matrix(new float[][] {{1, 2}});
        Tensor w = Tensor.matrix(new float[][] {{0.5f, -0.5f, 0}, {0.25f, 0, 1}});
        Tensor b = Tensor.vector(0, 0.5f, 0);
        int[] target = {1};

        Training.LinearGradients numeric = training.numericalGradients(x, w, b, target, 1e-3);

        assertEquals(2.4076059644443806, training.crossEntropy(Tensor.matrix(new float[][] {{1, 0, 2}}), target),
                1e-7);
        // numpy: (2.4078507853493853 − 2.40736132837582) / 0.002
        assertEquals(0.24472848678258607, numeric.weight().get(0, 0), 1e-7);
        assertClose("dW", new double[][] {{0.244728, -0.909969, 0.665241}, {0.489457, -1.819939, 1.330482}},
                numeric.weight(), 1e-6, 0);
        assertClose("dx", new double[][] {{0.577349, 0.726423}}, numeric.input(), 1e-6, 0);
        assertClose("db", new double[] {0.244728, -0.909969, 0.665241}, numeric.bias(), 1e-6, 0);
    }

    @Test
    @DisplayName("on 20 seeded layers, linearBackward of crossEntropyGradient matches central differences (relative error < 1e-5)")
    void analyticMatchesNumerical() {
        SplittableRandom random = new SplittableRandom(83);
        double worst = 0;
        for (int c = 0; c < 20; c++) {
            int n = 1 + random.nextInt(6);
            int in = 1 + random.nextInt(7);
            int out = 2 + random.nextInt(9);
            Tensor x = uniform(random, -2, 2, n, in);
            Tensor w = uniform(random, -1, 1, in, out);
            Tensor b = uniform(random, -0.5, 0.5, out);
            int[] targets = Fixtures.randomIds(random, n, out);
            Tensor logits = LinearLayer.forward(x, w, b);

            Training.LinearGradients analytic = training.linearBackward(x, w,
                    training.crossEntropyGradient(logits, targets));
            Training.LinearGradients numeric = training.numericalGradients(x, w, b, targets, 1e-3);

            worst = Math.max(worst, GradientCheck.relativeError(analytic.input(), numeric.input()));
            worst = Math.max(worst, GradientCheck.relativeError(analytic.weight(), numeric.weight()));
            worst = Math.max(worst, GradientCheck.relativeError(analytic.bias(), numeric.bias()));
        }
        System.out.printf(java.util.Locale.ROOT, "linearBackward vs numericalGradients (h = 1e-3), 20 seeded layers: "
                + "largest relative error %.2e%n", worst);
        assertTrue(worst < 1e-5, "largest relative error " + worst);
    }

    @Test
    @DisplayName("bad shapes, targets, steps and settings are refused with messages that name them")
    void badArguments_refused() {
        Tensor logits = Tensor.zeros(2, 3);
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> training.crossEntropy(logits, new int[] {0, 3})), "targets[1] (3)", "[0, 3)");
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> training.crossEntropyGradient(logits, new int[] {0})), "targets (length 1)");
        assertThrows(IllegalArgumentException.class, () -> training.crossEntropy(Tensor.zeros(3), new int[] {0, 0, 0}));
        assertNamesShapes(assertThrows(IllegalArgumentException.class,
                () -> training.linearBackward(Tensor.zeros(2, 3), Tensor.zeros(4, 5), Tensor.zeros(2, 5))),
                new int[] {2, 3}, new int[] {4, 5});
        assertNamesShapes(assertThrows(IllegalArgumentException.class,
                () -> training.softmaxBackward(Tensor.zeros(2, 3), Tensor.zeros(3, 2))), new int[] {2, 3},
                new int[] {3, 2});
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> training.clipByGlobalNorm(List.of(Tensor.zeros(2)), 0)), "maxNorm (0.0)");
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> training.adamW(Tensor.zeros(2), Tensor.zeros(2), Moments.zeros(2), 0, AdamW.defaults(0.1))),
                "step (0)");
        assertThrows(IllegalArgumentException.class,
                () -> training.adamW(Tensor.zeros(2), Tensor.zeros(3), Moments.zeros(2), 1, AdamW.defaults(0.1)));
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> training.learningRate(-1, new Schedule(1, 0, 2, 4))), "step (-1)");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> training.numericalGradients(
                Tensor.zeros(1, 2), Tensor.zeros(2, 3), Tensor.zeros(3), new int[] {0}, 0)), "h (0.0)");
        assertThrows(IllegalArgumentException.class, () -> new AdamW(0.1, 1.0, 0.999, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> new Schedule(0.1, 0.2, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new Schedule(0.1, 0, 5, 4));
        assertThrows(IllegalArgumentException.class, () -> new Moments(Tensor.zeros(2), Tensor.zeros(3)));
    }
}
