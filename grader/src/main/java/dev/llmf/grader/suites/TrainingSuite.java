package dev.llmf.grader.suites;

import dev.llmf.contract.Tensor;
import dev.llmf.contract.TensorMath;
import dev.llmf.contract.Training;
import dev.llmf.contract.Training.AdamW;
import dev.llmf.contract.Training.Moments;
import dev.llmf.contract.Training.Schedule;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static dev.llmf.grader.suites.Visibility.AFTER_DEADLINE;
import static dev.llmf.grader.suites.Visibility.NEVER;
import static dev.llmf.grader.suites.Visibility.VISIBLE;

/**
 * Hidden tests for exercise 8 ({@link Training}): the loss and its gradient, the backward passes, clipping, AdamW,
 * the schedule, the gradient check, and ten training steps of a bigram model with all of them together. The hints
 * come from {@link TrainingHints}; the wrong variants behind them from {@link TrainingMistakes}.
 */
@DisplayName("Exercise 8 — training")
public class TrainingSuite {

    /** A loss: one double sum and a log per row. */
    public static final Check.Tolerance LOSS = new Check.Tolerance(1e-5, 1e-5);
    /** AdamW's moments: relative, since v is of the order of g² · (1 − β2). */
    public static final Check.Tolerance MOMENT = new Check.Tolerance(1e-8, 1e-4);
    /** A parameter after AdamW: its update is lr-sized, so the tolerance is far below lr. */
    public static final Check.Tolerance PARAMETER = new Check.Tolerance(1e-6, 1e-5);
    /** A learning rate: a formula in double, so only rounding may differ. */
    public static final Check.Tolerance RATE = new Check.Tolerance(1e-12, 1e-6);

    private static final float[] COURSE = {2.0f, 1.0f, 0.5f, 0.0f};

    private static Training learner() {
        return Grading.learner(Training.class);
    }

    private static Training reference() {
        return Grading.reference(Training.class);
    }

    // ---- the loss ----

    @Test
    @DisplayName("cross-entropy of the course's logits with targets “on” and “mat” is 1.296006, the mean of the rows")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void crossEntropyCourse() {
        Training learner = learner();
        Tensor twice = Tensor.matrix(new float[][] {COURSE, COURSE});
        Tensor mixed = Tensor.matrix(new float[][] {COURSE, {0, 0, 0, 0}, {-1, 3, 0.5f, 2}});
        TrainingHints.losses("cross-entropy of [[2, 1, 0.5, 0], [2, 1, 0.5, 0]] with targets [0, 2] (0.546006 and "
                + "2.046006) and of a 3-row batch with targets [0, 3, 1]", List.of(twice, mixed),
                List.of(new int[] {0, 2}, new int[] {0, 3, 1}), new double[] {1.296006, reference().crossEntropy(mixed,
                        new int[] {0, 3, 1})},
                new double[] {learner.crossEntropy(twice, new int[] {0, 2}), learner.crossEntropy(mixed,
                        new int[] {0, 3, 1})});
    }

    @Test
    @DisplayName("cross-entropy of logits near +1000 and −1000 is finite: the row maximum is subtracted first")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void crossEntropyLargeLogits() {
        Training learner = learner();
        Tensor high = Tensor.matrix(new float[][] {{1000, 999, 998}, {1000, 999, 998}});
        Tensor low = Tensor.matrix(new float[][] {{-1000, -1001, -998}, {-999, -1003, -1000}});
        TrainingHints.losses("cross-entropy of [[1000, 999, 998], [1000, 999, 998]] with targets [0, 2] (1.407606) "
                + "and of logits near −1000 with targets [1, 0]", List.of(high, low),
                List.of(new int[] {0, 2}, new int[] {1, 0}), new double[] {1.407606,
                    reference().crossEntropy(low, new int[] {1, 0})},
                new double[] {learner.crossEntropy(high, new int[] {0, 2}), learner.crossEntropy(low,
                        new int[] {1, 0})});
    }

    @Test
    @DisplayName("cross-entropy of random batches, one of them a strided view, matches the reference")
    @Points(2)
    @Visibility.Shown(AFTER_DEADLINE)
    void crossEntropyRandom() {
        SplittableRandom r = Grading.random("crossEntropyRandom");
        Training learner = learner();
        Tensor plain = Check.random(r, 5, 3 + r.nextInt(14), 5 + r.nextInt(56));
        Tensor view = Check.strided(Check.random(r, 5, 7, 11));
        int[] t1 = Check.randomIds(r, plain.size(0), plain.size(1));
        int[] t2 = Check.randomIds(r, 7, 11);
        TrainingHints.losses("cross-entropy of a random " + java.util.Arrays.toString(plain.shape()) + " batch and of "
                + "a [7, 11] view (non-contiguous, not at offset 0)", List.of(plain, view), List.of(t1, t2),
                new double[] {reference().crossEntropy(plain, t1), reference().crossEntropy(view, t2)},
                new double[] {learner.crossEntropy(plain, t1), learner.crossEntropy(view, t2)});
    }

    @Test
    @DisplayName("the cross-entropy gradient is (softmax − one-hot) / T: the course's batch, a random one and a view")
    @Points(3)
    @Visibility.Shown(VISIBLE)
    void crossEntropyGradient() {
        SplittableRandom r = Grading.random("crossEntropyGradient");
        Training learner = learner();
        Tensor course = Tensor.matrix(new float[][] {COURSE, COURSE});
        TrainingHints.lossGradient("gradient of the course's batch, targets [0, 2]", course, new int[] {0, 2},
                reference().crossEntropyGradient(course, new int[] {0, 2}),
                learner.crossEntropyGradient(course, new int[] {0, 2}));
        Tensor random = Check.random(r, 4, 9, 17);
        int[] targets = Check.randomIds(r, 9, 17);
        TrainingHints.lossGradient("gradient of a random [9, 17] batch", random, targets,
                reference().crossEntropyGradient(random, targets), learner.crossEntropyGradient(random, targets));
        Tensor view = Check.strided(Check.random(r, 4, 5, 6));
        int[] viewTargets = Check.randomIds(r, 5, 6);
        TrainingHints.lossGradient("gradient of a [5, 6] view (non-contiguous, not at offset 0)", view, viewTargets,
                reference().crossEntropyGradient(view, viewTargets), learner.crossEntropyGradient(view, viewTargets));
    }

    @Test
    @DisplayName("the loss and its gradient refuse a target outside [0, V), a wrong number of targets and 1-D logits")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void lossRejects() {
        Training learner = learner();
        Tensor logits = Tensor.matrix(new float[][] {COURSE, COURSE});
        Check.rejects("crossEntropy with target 4 of V = 4", () -> learner.crossEntropy(logits, new int[] {0, 4}));
        Check.rejects("crossEntropy with target −1", () -> learner.crossEntropy(logits, new int[] {-1, 0}));
        Check.rejects("crossEntropy with 1 target for 2 positions", () -> learner.crossEntropy(logits, new int[] {0}));
        Check.rejects("crossEntropy of 1-D logits [4]", () -> learner.crossEntropy(Tensor.vector(COURSE),
                new int[] {0}));
        Check.rejects("crossEntropyGradient with target 4 of V = 4",
                () -> learner.crossEntropyGradient(logits, new int[] {4, 0}));
    }

    // ---- the backward passes ----

    @Test
    @DisplayName("linearBackward of the lesson's integer example: dx = dy·Wᵀ, dW = xᵀ·dy, db = [1.5, 1]")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void linearBackwardWorked() {
        Tensor x = Tensor.matrix(new float[][] {{1, 2, 0}, {0, 1, -1}});
        Tensor w = Tensor.matrix(new float[][] {{1, 0}, {0, 1}, {1, 1}});
        Tensor dy = Tensor.matrix(new float[][] {{1, -1}, {0.5f, 2}});
        TrainingHints.linear("the lesson's layer", x, w, dy, reference().linearBackward(x, w, dy),
                learner().linearBackward(x, w, dy));
    }

    @Test
    @DisplayName("linearBackward of random layers, square and not, read through strided views, matches the reference")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void linearBackwardRandom() {
        SplittableRandom r = Grading.random("linearBackwardRandom");
        Training learner = learner();
        for (int[] size : new int[][] {{6, 5, 5}, {3 + r.nextInt(6), 2 + r.nextInt(7), 9 + r.nextInt(5)}}) {
            Tensor x = Check.strided(Check.random(r, 1, size[0], size[1]));
            Tensor w = Check.strided(Check.random(r, 1, size[1], size[2]));
            Tensor dy = Check.random(r, 1, size[0], size[2]);
            TrainingHints.linear("a random layer x [" + size[0] + ", " + size[1] + "], W [" + size[1] + ", " + size[2]
                    + "] (x and W are views)", x, w, dy, reference().linearBackward(x, w, dy),
                    learner.linearBackward(x, w, dy));
        }
    }

    @Test
    @DisplayName("softmaxBackward of the course's softmax and of a [2, 3] matrix, row by row")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void softmaxBackwardCourse() {
        Training learner = learner();
        TensorMath math = Grading.reference(TensorMath.class);
        Tensor y = math.softmax(Tensor.vector(COURSE));
        Tensor dy = Tensor.vector(1, 0, 0, 0);
        TrainingHints.softmax("softmaxBackward(softmax([2, 1, 0.5, 0]), [1, 0, 0, 0])", y, dy,
                reference().softmaxBackward(y, dy), learner.softmaxBackward(y, dy));
        Tensor rows = math.softmax(Tensor.matrix(new float[][] {{1, 2, 3}, {0, 0, 0}}));
        Tensor dRows = Tensor.matrix(new float[][] {{0, 1, 0}, {1, 0, -1}});
        TrainingHints.softmax("softmaxBackward of softmax([[1, 2, 3], [0, 0, 0]]) with dy [[0, 1, 0], [1, 0, −1]]",
                rows, dRows, reference().softmaxBackward(rows, dRows), learner.softmaxBackward(rows, dRows));
    }

    @Test
    @DisplayName("softmaxBackward of a random rank-3 tensor and of a strided view matches the reference")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void softmaxBackwardRandom() {
        SplittableRandom r = Grading.random("softmaxBackwardRandom");
        Training learner = learner();
        TensorMath math = Grading.reference(TensorMath.class);
        Tensor y = math.softmax(Check.random(r, 3, 2, 5, 7));
        Tensor dy = Check.random(r, 1, 2, 5, 7);
        TrainingHints.softmax("softmaxBackward of a random [2, 5, 7] softmax", y, dy, reference().softmaxBackward(y, dy),
                learner.softmaxBackward(y, dy));
        Tensor view = Check.strided(math.softmax(Check.random(r, 3, 4, 6)));
        Tensor dView = Check.random(r, 1, 4, 6);
        TrainingHints.softmax("softmaxBackward of a [4, 6] softmax read through a view", view, dView,
                reference().softmaxBackward(view, dView), learner.softmaxBackward(view, dView));
    }

    @Test
    @DisplayName("linearBackward and softmaxBackward refuse shapes that do not fit")
    @Points(1)
    @Visibility.Shown(NEVER)
    void backwardRejects() {
        Training learner = learner();
        Check.rejects("linearBackward with x [2, 3] and W [4, 5]", () -> learner.linearBackward(Tensor.zeros(2, 3),
                Tensor.zeros(4, 5), Tensor.zeros(2, 5)));
        Check.rejects("linearBackward with dy [3, 5] for x [2, 4]", () -> learner.linearBackward(Tensor.zeros(2, 4),
                Tensor.zeros(4, 5), Tensor.zeros(3, 5)));
        Check.rejects("softmaxBackward with y [2, 3] and dy [3, 2]", () -> learner.softmaxBackward(
                Tensor.zeros(2, 3), Tensor.zeros(3, 2)));
    }

    // ---- clipping ----

    @Test
    @DisplayName("clipping [3, 4] and [12] (global norm 13) to 6.5 halves both; to 20 keeps them; the norm is 13 both times")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void clipWorked() {
        Training learner = learner();
        List<Tensor> gradients = List.of(Tensor.vector(3, 4), Tensor.vector(12));
        for (double maxNorm : new double[] {6.5, 20}) {
            TrainingHints.clipped("clipByGlobalNorm([3, 4], [12]) to " + maxNorm, gradients, maxNorm,
                    reference().clipByGlobalNorm(gradients, maxNorm), learner.clipByGlobalNorm(gradients, maxNorm));
        }
    }

    @Test
    @DisplayName("clipping three random gradients, one a view, above and below the threshold, matches the reference")
    @Points(1)
    @Visibility.Shown(AFTER_DEADLINE)
    void clipRandom() {
        SplittableRandom r = Grading.random("clipRandom");
        Training learner = learner();
        List<Tensor> gradients = List.of(Check.random(r, 1, 4, 5), Check.strided(Check.random(r, 2, 3, 3)),
                Check.random(r, 0.5, 7));
        double norm = reference().clipByGlobalNorm(gradients, 1e9).norm();
        for (double maxNorm : new double[] {Math.round(norm * 40) / 100.0, Math.ceil(norm * 2)}) {
            TrainingHints.clipped("clipByGlobalNorm of gradients [4, 5], [3, 3] (a view) and [7], norm "
                            + String.format(java.util.Locale.ROOT, "%.4f", norm) + ", to " + maxNorm, gradients, maxNorm,
                    reference().clipByGlobalNorm(gradients, maxNorm), learner.clipByGlobalNorm(gradients, maxNorm));
        }
    }

    // ---- AdamW ----

    @Test
    @DisplayName("AdamW's first two steps from θ = 1 with gradients 0.5 then −0.25 give θ = 0.89, then 0.854466")
    @Points(3)
    @Visibility.Shown(VISIBLE)
    void adamWorked() {
        Training learner = learner();
        AdamW config = new AdamW(0.1, 0.9, 0.999, 1e-8, 0.1);
        Tensor theta = Tensor.vector(1, -0.5f, 2);
        Tensor[] gradients = {Tensor.vector(0.5f, 0.5f, -1), Tensor.vector(-0.25f, 0.75f, -0.5f)};
        TrainingHints.adamSteps("two AdamW steps of θ = [1, −0.5, 2] with gradients [0.5, 0.5, −1] then "
                + "[−0.25, 0.75, −0.5], lr 0.1, β1 0.9, β2 0.999, ε 1e-8, λ 0.1", theta, gradients, config, learner);
    }

    @Test
    @DisplayName("five chained AdamW steps with random gradients and settings match the reference: θ, m and v")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void adamRandom() {
        SplittableRandom r = Grading.random("adamRandom");
        AdamW config = new AdamW(round(0.01 + r.nextDouble() * 0.09), round(0.8 + r.nextDouble() * 0.15),
                round(0.95 + r.nextDouble() * 0.049), 1e-8, round(0.05 + r.nextDouble() * 0.45));
        Tensor[] gradients = new Tensor[5];
        for (int i = 0; i < gradients.length; i++) {
            gradients[i] = Check.random(r, 1, 4, 5);
        }
        TrainingHints.adamSteps("five AdamW steps of a random [4, 5] parameter with " + config, Check.random(r, 2, 4, 5),
                gradients, config, learner());
    }

    @Test
    @DisplayName("adamW uses only its arguments (the same call twice gives the same step) and refuses step 0 and other shapes")
    @Points(1)
    @Visibility.Shown(NEVER)
    void adamKeepsNoState() {
        Training learner = learner();
        Tensor theta = Tensor.vector(1, -2);
        Tensor gradient = Tensor.vector(0.5f, 0.25f);
        Moments moments = new Moments(Tensor.vector(0.1f, 0.2f), Tensor.vector(0.01f, 0.02f));
        AdamW config = AdamW.defaults(0.01);
        Training.Step expected = reference().adamW(theta, gradient, moments, 3, config);
        String call = "adamW(θ = [1, −2], g = [0.5, 0.25], m = [0.1, 0.2], v = [0.01, 0.02], step 3, lr 0.01)";
        Check.close("θ from " + call, expected.parameter(), learner.adamW(theta.copy(), gradient.copy(),
                copy(moments), 3, config).parameter(), PARAMETER,
                TrainingHints.adamParameterHints(theta, gradient, moments, 3, config));
        Check.close("θ from the same call made a second time", expected.parameter(), learner.adamW(theta.copy(),
                gradient.copy(), copy(moments), 3, config).parameter(), PARAMETER, Check.when(t -> true, "the "
                + "second identical call gave another answer: keep no moments or step count in fields; use only the "
                + "moments and the step passed in"));
        Check.rejects("adamW with step 0 (the first step is 1)", () -> learner.adamW(theta, gradient, moments, 0,
                config));
        Check.rejects("adamW with a gradient [3] for a parameter [2]", () -> learner.adamW(theta,
                Tensor.vector(1, 2, 3), moments, 1, config));
    }

    // ---- the schedule ----

    @Test
    @DisplayName("max 1, min 0.1, warm-up 4, total 12: 0.25, 0.5, 0.75, 1, 1, then the cosine down to 0.1 from step 12")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void scheduleCourse() {
        TrainingHints.rates("learningRate for steps 0 to 15 of Schedule(max 1, min 0.1, warm-up 4, total 12)",
                new Schedule(1.0, 0.1, 4, 12), 16, learner());
    }

    @Test
    @DisplayName("random schedules, with no warm-up and with no decay, match the reference far past the end")
    @Points(1)
    @Visibility.Shown(AFTER_DEADLINE)
    void scheduleRandom() {
        SplittableRandom r = Grading.random("scheduleRandom");
        Training learner = learner();
        int warmup = 2 + r.nextInt(20);
        int total = warmup + 5 + r.nextInt(100);
        double max = round(1e-4 + r.nextDouble() * 1e-2);
        for (Schedule s : new Schedule[] {new Schedule(max, max / 10, warmup, total), new Schedule(max, 0, 0, total),
            new Schedule(max, max / 5, warmup, warmup)}) {
            TrainingHints.rates("learningRate for steps 0 to " + (total + 9) + " of " + s, s, total + 10, learner);
        }
    }

    // ---- the gradient check ----

    @Test
    @DisplayName("numericalGradients of the lesson's example: dL/dW[0][0] = 0.244728, as the backward pass")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void numericalWorked() {
        Tensor x = Tensor.matrix(new float[][] {{1, 2}});
        Tensor w = Tensor.matrix(new float[][] {{0.5f, -0.5f, 0}, {0.25f, 0, 1}});
        Tensor b = Tensor.vector(0, 0.5f, 0);
        TrainingHints.numerical("the lesson's layer, target 1, h = 1e-3", x, w, b, new int[] {1}, 1e-3, learner());
    }

    @Test
    @DisplayName("numericalGradients of a random layer (x, W and b as views) match the reference's")
    @Points(1)
    @Visibility.Shown(AFTER_DEADLINE)
    void numericalRandom() {
        SplittableRandom r = Grading.random("numericalRandom");
        int n = 2 + r.nextInt(4);
        int in = 2 + r.nextInt(4);
        int out = 3 + r.nextInt(5);
        TrainingHints.numerical("a random layer x [" + n + ", " + in + "], W [" + in + ", " + out + "], h = 1e-3",
                Check.strided(Check.random(r, 2, n, in)), Check.strided(Check.random(r, 1, in, out)),
                Check.strided(Check.random(r, 0.5, out)), Check.randomIds(r, n, out), 1e-3, learner());
    }

    @Test
    @DisplayName("clipByGlobalNorm, learningRate and numericalGradients refuse settings that are not positive numbers")
    @Points(1)
    @Visibility.Shown(NEVER)
    void settingsRejects() {
        Training learner = learner();
        List<Tensor> gradients = List.of(Tensor.vector(3, 4));
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            Check.rejects("clipByGlobalNorm with maxNorm " + bad, () -> learner.clipByGlobalNorm(gradients, bad));
        }
        Check.rejects("learningRate of step −1", () -> learner.learningRate(-1, new Schedule(1, 0.1, 4, 12)));
        Tensor x = Tensor.matrix(new float[][] {{1, 2}});
        Tensor w = Tensor.zeros(2, 3);
        for (double bad : new double[] {0, -1e-3, Double.NaN}) {
            Check.rejects("numericalGradients with h = " + bad, () -> learner.numericalGradients(x, w,
                    Tensor.zeros(3), new int[] {1}, bad));
        }
        Check.rejects("numericalGradients with target 3 of 3 outputs", () -> learner.numericalGradients(x, w,
                Tensor.zeros(3), new int[] {3}, 1e-3));
    }

    // ---- all together ----

    @Test
    @DisplayName("ten training steps of the bigram model with your pieces follow the reference's: rates, losses, norms")
    @Points(2)
    @Visibility.Shown(AFTER_DEADLINE)
    void trainingRun() {
        TrainingHints.run(10, reference(), learner());
    }

    private static Moments copy(Moments m) {
        return new Moments(m.m().copy(), m.v().copy());
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
