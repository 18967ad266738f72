package dev.llmf.grader.suites;

import dev.llmf.contract.Tensor;
import dev.llmf.contract.Training;
import dev.llmf.contract.Training.AdamW;
import dev.llmf.contract.Training.Moments;
import dev.llmf.contract.Training.Schedule;
import dev.llmf.reference.BigramTraining;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static dev.llmf.grader.suites.Check.COMPOSED;
import static dev.llmf.grader.suites.Check.SINGLE_OP;
import static dev.llmf.grader.suites.Check.arrayLooksLike;
import static dev.llmf.grader.suites.Check.looksLike;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link TrainingSuite}'s comparisons: each checks one piece of exercise 8 against the reference and, when it
 * fails, names the likely mistake by comparing the learner's result with the {@link TrainingMistakes} variants.
 */
final class TrainingHints {

    private TrainingHints() {
    }

    // ---- the loss ----

    static String cause(TrainingMistakes.Loss mistake) {
        return switch (mistake) {
            case NO_MAX_SHIFT -> "exp of a logit near ±1000 overflows to Infinity (or underflows to 0): subtract the "
                    + "row maximum m first, logsumexp = m + log Σ exp(z − m)";
            case SUM_NOT_MEAN -> "you summed the losses of the positions: the cross-entropy is their mean, so divide "
                    + "by T";
            case SIGN_FLIPPED -> "the sign is flipped: the loss is logsumexp − the target's logit (minus the log "
                    + "probability), never negative";
        };
    }

    static void losses(String what, List<Tensor> logits, List<int[]> targets, double[] expected, double[] actual) {
        List<Check.Hint<float[]>> hints = new ArrayList<>();
        for (TrainingMistakes.Loss mistake : TrainingMistakes.Loss.values()) {
            hints.add(arrayLooksLike(() -> each(logits, i -> TrainingMistakes.crossEntropy(logits.get(i),
                    targets.get(i), mistake)), cause(mistake)));
        }
        // the unshifted loss overflows to Infinity or NaN: a hint only where it does so on these logits too
        hints.add(Check.when(result -> !allFinite(result) && !allFinite(each(logits, i -> TrainingMistakes.crossEntropy(
                logits.get(i), targets.get(i), TrainingMistakes.Loss.NO_MAX_SHIFT))), cause(TrainingMistakes.Loss.NO_MAX_SHIFT)));
        hints.add(arrayLooksLike(() -> each(logits, i -> reference().crossEntropy(Diagnose.ignoringOffset(
                logits.get(i)), targets.get(i))), STRIDES));
        Check.close(what, floats(expected), floats(actual), TrainingSuite.LOSS, array(hints));
    }

    private static final String STRIDES = "you read data() straight through, but this input is a view: read it with "
            + "get, toArray() or contiguous(), which follow its strides and offset";

    static void lossGradient(String what, Tensor logits, int[] targets, Tensor expected, Tensor actual) {
        List<Check.Hint<Tensor>> hints = new ArrayList<>();
        hints.add(looksLike(() -> TrainingMistakes.crossEntropyGradient(logits, targets,
                TrainingMistakes.LossGradient.NOT_DIVIDED_BY_T), "the gradient is T times too large: the loss is a "
                + "mean over T positions, so divide (softmax − one-hot) by T"));
        hints.add(looksLike(() -> TrainingMistakes.crossEntropyGradient(logits, targets,
                TrainingMistakes.LossGradient.NO_ONE_HOT), "the one-hot is missing: subtract 1 at each row's target"));
        hints.add(looksLike(() -> TrainingMistakes.crossEntropyGradient(logits, targets,
                TrainingMistakes.LossGradient.ONE_HOT_ADDED), "you added the one-hot: subtract 1 at the target"));
        hints.add(looksLike(() -> reference().crossEntropyGradient(Diagnose.ignoringOffset(logits), targets), STRIDES));
        // exp of these logits unshifted overflows (as the unshifted loss shows): then a non-finite gradient is that
        hints.add(Check.when(result -> !allFinite(result.toArray()) && !Double.isFinite(TrainingMistakes.crossEntropy(
                logits, targets, TrainingMistakes.Loss.NO_MAX_SHIFT)), cause(TrainingMistakes.Loss.NO_MAX_SHIFT)));
        Check.close(what, expected, actual, SINGLE_OP, tensorHints(hints));
    }

    // ---- the backward passes ----

    static void linear(String what, Tensor x, Tensor w, Tensor dy, Training.LinearGradients expected,
                       Training.LinearGradients actual) {
        Check.that(actual != null, what + ": linearBackward returned null instead of a LinearGradients");
        Check.close(what + ": dL/dx = dy·Wᵀ", expected.input(), actual.input(), SINGLE_OP,
                looksLike(() -> TrainingMistakes.inputGradientUntransposed(w, dy), "that is dy·W: multiply by the "
                        + "transpose, dy·Wᵀ (each input reaches the outputs through a row of W)"),
                looksLike(() -> reference().linearBackward(x, Diagnose.ignoringOffset(w), dy).input(), STRIDES));
        Check.close(what + ": dL/dW = xᵀ·dy", expected.weight(), actual.weight(), SINGLE_OP,
                looksLike(() -> TrainingMistakes.weightGradientTransposed(x, dy), "that is dyᵀ·x, the weight gradient "
                        + "transposed: it must have W's shape [in, out], xᵀ·dy"),
                looksLike(() -> reference().linearBackward(Diagnose.ignoringOffset(x), w, dy).weight(), STRIDES));
        Check.close(what + ": dL/db = Σ_n dy[n]", expected.bias(), actual.bias(), SINGLE_OP,
                looksLike(() -> TrainingMistakes.biasGradientMean(dy), "that is the mean of dy's rows: b is added to "
                        + "every row, so its gradient is their sum"));
    }

    static void softmax(String what, Tensor y, Tensor dy, Tensor expected, Tensor actual) {
        Check.close(what, expected, actual, SINGLE_OP,
                looksLike(() -> TrainingMistakes.softmaxBackward(y, dy,
                        TrainingMistakes.SoftmaxBackward.ALONG_FIRST_DIMENSION), "the sum Σ_j dy_j·y_j ran down the "
                        + "columns, over the first dimension, as if the matrix were transposed: sum along each row, "
                        + "over the last dimension, where softmax normalised"),
                looksLike(() -> TrainingMistakes.softmaxBackward(y, dy, TrainingMistakes.SoftmaxBackward.NO_SUM),
                        "that is y ⊙ dy: every output of softmax depends on every input, so subtract the row's "
                                + "Σ_j dy_j·y_j first, y ⊙ (dy − Σ_j dy_j·y_j)"),
                looksLike(() -> TrainingMistakes.softmaxBackward(y, dy,
                        TrainingMistakes.SoftmaxBackward.DIAGONAL_ONLY), "that is y·(1 − y)·dy, only the Jacobian's "
                        + "diagonal: the off-diagonal terms −y_i·y_j count too, y ⊙ (dy − Σ_j dy_j·y_j)"),
                looksLike(() -> reference().softmaxBackward(Diagnose.ignoringOffset(y), dy), STRIDES));
    }

    // ---- clipping ----

    static void clipped(String what, List<Tensor> gradients, double maxNorm, Training.Clipped expected,
                        Training.Clipped actual) {
        Check.that(actual != null && actual.gradients() != null, what + ": clipByGlobalNorm returned null");
        Check.same(what + ": the number of gradients returned", expected.gradients().size(),
                actual.gradients().size());
        double norm = expected.norm();
        Check.close(what + ": the global norm before clipping, sqrt(Σ g²) over all gradients",
                floats(new double[] {norm}), floats(new double[] {actual.norm()}), TrainingSuite.LOSS,
                arrayLooksLike(() -> floats(new double[] {Math.min(norm, maxNorm)}), "that is the norm after "
                        + "clipping: report the norm the gradients had before"),
                arrayLooksLike(() -> floats(new double[] {norm * norm}), "that is Σ g², the square root is missing"),
                arrayLooksLike(() -> floats(new double[] {Math.sqrt(squares(gradients.getFirst()))}), "that is the "
                        + "first gradient's own norm: the global norm runs over every element of every gradient"));
        for (int i = 0; i < gradients.size(); i++) {
            int at = i;
            Check.close(what + ": gradient " + i + " after clipping", expected.gradients().get(i),
                    actual.gradients().get(i), SINGLE_OP,
                    looksLike(() -> TrainingMistakes.clip(gradients, maxNorm,
                            TrainingMistakes.Clipping.EACH_BY_ITS_OWN_NORM).get(at), "each gradient was clipped by its "
                            + "own norm: use one global norm and the same factor maxNorm / norm for all"),
                    looksLike(() -> TrainingMistakes.clip(gradients, maxNorm,
                            TrainingMistakes.Clipping.ALWAYS_SCALED).get(at), "the gradients were scaled although "
                            + "their norm is at most maxNorm: scale only when norm > maxNorm"),
                    looksLike(() -> TrainingMistakes.clip(gradients, maxNorm,
                            TrainingMistakes.Clipping.NO_SQUARE_ROOT).get(at), "the factor used Σ g² without the "
                            + "square root: norm = sqrt(Σ g²)"));
        }
    }

    // ---- AdamW ----

    static String cause(TrainingMistakes.Adam mistake) {
        return switch (mistake) {
            case L2_NOT_DECOUPLED -> "the weight decay was added to the gradient (Adam with L2 regularisation): "
                    + "AdamW decouples it, θ ← θ − lr·(m̂/(√v̂ + ε) + λ·θ), so λ·θ never enters m or v";
            case NO_BIAS_CORRECTION -> "m and v were not bias-corrected: use m̂ = m / (1 − β1^t) and "
                    + "v̂ = v / (1 − β2^t), with t = step (1 on the first step)";
            case DECAY_WITHOUT_LEARNING_RATE -> "the decay λ·θ was not multiplied by the learning rate: "
                    + "θ − lr·(m̂/(√v̂ + ε) + λ·θ)";
            case DECAY_AFTER_UPDATE -> "the decay used θ after the Adam update: λ·θ uses θ from before the step";
            case EPSILON_INSIDE_ROOT -> "ε went inside the square root: m̂ / (√v̂ + ε)";
            case NO_WEIGHT_DECAY -> "the weight decay is missing: add lr·λ·θ to the update";
        };
    }

    /**
     * Chains {@code gradients.length} AdamW steps from {@code theta} and zero moments, the learner's from its own
     * results, and checks θ, m and v after every step; a mistake is named from the learner's own state at that step.
     */
    static void adamSteps(String what, Tensor theta, Tensor[] gradients, AdamW config, Training learner) {
        Tensor refTheta = theta;
        Moments refMoments = Moments.zeros(theta.shape());
        Tensor myTheta = theta;
        Moments myMoments = Moments.zeros(theta.shape());
        for (int t = 1; t <= gradients.length; t++) {
            Training.Step expected = reference().adamW(refTheta, gradients[t - 1], refMoments, t, config);
            Training.Step actual = learner.adamW(myTheta, gradients[t - 1], myMoments, t, config);
            String step = what + ", after step " + t;
            Check.that(actual != null && actual.moments() != null, step + ": adamW returned null");
            Tensor before = myTheta;
            Moments state = myMoments;
            int at = t;
            Tensor g = gradients[t - 1];
            Function<Function<Training.Step, Tensor>, Check.Hint<Tensor>[]> hints = part -> adamHints(
                    mistake -> part.apply(TrainingMistakes.adamW(before, g, state, at, config, mistake)));
            Check.close(step + ": m = β1·m + (1 − β1)·g", expected.moments().m(), actual.moments().m(),
                    TrainingSuite.MOMENT, hints.apply(s -> s.moments().m()));
            Check.close(step + ": v = β2·v + (1 − β2)·g²", expected.moments().v(), actual.moments().v(),
                    TrainingSuite.MOMENT, hints.apply(s -> s.moments().v()));
            Check.close(step + ": θ", expected.parameter(), actual.parameter(), TrainingSuite.PARAMETER,
                    hints.apply(Training.Step::parameter));
            refTheta = expected.parameter();
            refMoments = expected.moments();
            myTheta = actual.parameter();
            myMoments = actual.moments();
        }
    }

    /** The likely causes of a wrong θ after {@code adamW(theta, gradient, moments, t, config)}. */
    static Check.Hint<Tensor>[] adamParameterHints(Tensor theta, Tensor gradient, Moments moments, int t,
                                                   AdamW config) {
        return adamHints(mistake -> TrainingMistakes.adamW(theta, gradient, moments, t, config, mistake).parameter());
    }

    private static Check.Hint<Tensor>[] adamHints(Function<TrainingMistakes.Adam, Tensor> variant) {
        List<Check.Hint<Tensor>> hints = new ArrayList<>();
        for (TrainingMistakes.Adam mistake : TrainingMistakes.Adam.values()) {
            hints.add(looksLike(() -> variant.apply(mistake), cause(mistake)));
        }
        return tensorHints(hints);
    }

    // ---- the schedule ----

    static String cause(TrainingMistakes.Rate mistake) {
        return switch (mistake) {
            case WARMUP_FROM_ZERO -> "the warm-up is off by one: steps count from 0 and step 0 already gets "
                    + "max·(0 + 1)/warmup; max·step/warmup gives the first step a learning rate of 0";
            case WARMUP_OVER_WARMUP_PLUS_ONE -> "the warm-up divides by warmup + 1: it is max·(step + 1)/warmup, "
                    + "reaching max on step warmup − 1";
            case COSINE_WITHOUT_MIN -> "the cosine decays to 0: it runs from max to min, "
                    + "min + ½(max − min)(1 + cos(π·progress))";
            case COSINE_OVER_TOTAL -> "the cosine's progress is step / total: it is (step − warmup) / (total − warmup)";
            case NO_FLOOR -> "the cosine went on past totalSteps: from totalSteps on the rate stays at min";
        };
    }

    static void rates(String what, Schedule schedule, int steps, Training learner) {
        double[] expected = new double[steps];
        double[] actual = new double[steps];
        for (int step = 0; step < steps; step++) {
            expected[step] = reference().learningRate(step, schedule);
            actual[step] = learner.learningRate(step, schedule);
        }
        Check.close(what + " (element k is step k)", floats(expected), floats(actual), TrainingSuite.RATE,
                rateHints(schedule, steps));
    }

    private static Check.Hint<float[]>[] rateHints(Schedule schedule, int steps) {
        List<Check.Hint<float[]>> hints = new ArrayList<>();
        for (TrainingMistakes.Rate mistake : TrainingMistakes.Rate.values()) {
            hints.add(arrayLooksLike(() -> {
                double[] wrong = new double[steps];
                for (int step = 0; step < steps; step++) {
                    wrong[step] = TrainingMistakes.learningRate(step, schedule, mistake);
                }
                return floats(wrong);
            }, cause(mistake)));
        }
        return array(hints);
    }

    // ---- the gradient check ----

    static void numerical(String what, Tensor x, Tensor w, Tensor b, int[] targets, double h, Training learner) {
        Training.LinearGradients expected = reference().numericalGradients(x, w, b, targets, h);
        Training.LinearGradients actual = learner.numericalGradients(x, w, b, targets, h);
        Check.that(actual != null, what + ": numericalGradients returned null instead of a LinearGradients");
        Check.close(what + ": dL/dW by central differences", expected.weight(), actual.weight(), SINGLE_OP,
                looksLike(() -> TrainingMistakes.numericalWeightGradient(x, w, b, targets, h,
                        TrainingMistakes.Difference.ONE_SIDED), "that is the one-sided (L(p + h) − L(p)) / h: use "
                        + "the central difference (L(p + h) − L(p − h)) / 2h"),
                looksLike(() -> TrainingMistakes.numericalWeightGradient(x, w, b, targets, h,
                        TrainingMistakes.Difference.DIVIDED_BY_H), "twice the gradient: divide by 2h, the distance "
                        + "between p − h and p + h"));
        Check.close(what + ": dL/dx by central differences", expected.input(), actual.input(), SINGLE_OP);
        Check.close(what + ": dL/db by central differences", expected.bias(), actual.bias(), SINGLE_OP);
    }

    // ---- all together ----

    /** {@code steps} bigram training steps with the learner's pieces against the reference's. */
    static void run(int steps, Training reference, Training learner) {
        List<BigramTraining.Logged> expected = BigramTraining.train(reference, steps);
        List<BigramTraining.Logged> actual = List.of();
        try {
            actual = BigramTraining.train(learner, steps);
        } catch (BigramTraining.BadResult e) {
            fail("the bigram model could not be trained with your pieces: your " + e.getMessage());
        }
        String model = steps + " training steps of the bigram model on “" + BigramTraining.TEXT + "”";
        Check.close("the learning rates of " + model + " (element k is step k)", column(expected, Kind.RATE),
                column(actual, Kind.RATE), TrainingSuite.RATE, rateHints(BigramTraining.SCHEDULE, steps));
        float[] firstLoss = column(actual, Kind.LOSS);
        int positions = BigramTraining.targets().length;
        Check.close("the losses of " + model, column(expected, Kind.LOSS), firstLoss, COMPOSED,
                Check.when(a -> TrainingSuite.LOSS.accepts(expected.getFirst().loss(), a[0]), "the first loss matches "
                        + "but a later one does not: the update differs — check adamW and the scaling in "
                        + "clipByGlobalNorm"),
                Check.when(a -> TrainingSuite.LOSS.accepts(expected.getFirst().loss() * positions, a[0]), "every loss "
                        + "is T = " + positions + " times too large: " + cause(TrainingMistakes.Loss.SUM_NOT_MEAN)));
        Check.close("the gradient norms (before clipping) of " + model, column(expected, Kind.NORM),
                column(actual, Kind.NORM), COMPOSED);
    }

    private enum Kind { RATE, LOSS, NORM }

    private static float[] column(List<BigramTraining.Logged> log, Kind kind) {
        double[] out = new double[log.size()];
        for (int i = 0; i < out.length; i++) {
            BigramTraining.Logged l = log.get(i);
            out[i] = switch (kind) {
                case RATE -> l.learningRate();
                case LOSS -> l.loss();
                case NORM -> l.gradientNorm();
            };
        }
        return floats(out);
    }

    // ---- helpers ----

    private static Training reference() {
        return Grading.reference(Training.class);
    }

    private static float[] each(List<Tensor> inputs, java.util.function.IntToDoubleFunction f) {
        double[] out = new double[inputs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(i);
        }
        return floats(out);
    }

    static float[] floats(double[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    private static double squares(Tensor t) {
        double sum = 0;
        for (float f : t.toArray()) {
            sum += (double) f * f;
        }
        return sum;
    }

    @SuppressWarnings("unchecked")
    private static Check.Hint<float[]>[] array(List<Check.Hint<float[]>> hints) {
        return hints.toArray(Check.Hint[]::new);
    }

    @SuppressWarnings("unchecked")
    private static Check.Hint<Tensor>[] tensorHints(List<Check.Hint<Tensor>> hints) {
        return hints.toArray(Check.Hint[]::new);
    }

    private static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
