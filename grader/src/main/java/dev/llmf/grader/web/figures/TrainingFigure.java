package dev.llmf.grader.web.figures;

import dev.llmf.contract.Tensor;
import dev.llmf.contract.Training;
import dev.llmf.grader.grading.Exercise;
import dev.llmf.grader.suites.Check;
import dev.llmf.grader.suites.TrainingSuite;
import dev.llmf.reference.BigramTraining;
import dev.llmf.reference.BigramTraining.Logged;
import dev.llmf.reference.LinearLayer;
import dev.llmf.reference.ReferenceTensorMath;
import dev.llmf.reference.ReferenceTraining;
import io.quarkus.qute.TemplateInstance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Exercise 8: the learner's pieces train {@link BigramTraining}'s small model for 30 steps from its seeded start,
 * drawn as a loss curve over the reference's run, every step where the learning rate, loss or gradient norm differs
 * marked; and a gradient check at the start, per parameter group ({@link GradientCheckTable}).
 */
final class TrainingFigure extends LearnerFigure<TrainingFigure.Learned, TrainingFigure.View> {

    static final double H = 1e-3;
    static final Check.Tolerance LOSS = Check.COMPOSED;        // after several steps, as the suite's run compares

    private static final Tensor X = BigramTraining.inputs();
    private static final int[] TARGETS = BigramTraining.targets();
    private static final BigramTraining.Parameters START = BigramTraining.initial();
    private static final Tensor LOGITS = LinearLayer.forward(X, START.w(), START.b());
    private static final Tensor PROBABILITIES = new ReferenceTensorMath().softmax(LOGITS);
    /** dL/dp of the mean −log p[target]: −1/(T·p) at each target, 0 elsewhere. */
    private static final Tensor LOSS_OVER_PROBABILITIES = lossOverProbabilities();

    private static final String DESCRIPTION = "A bigram model learns which character follows which in “"
            + BigramTraining.TEXT + "”: logits = onehot(character) · W + b, W [" + BigramTraining.VOCABULARY.length()
            + ", " + BigramTraining.VOCABULARY.length() + "] drawn from seed " + BigramTraining.SEED + ", b zero. "
            + BigramTraining.STEPS + " steps of AdamW (weight decay " + BigramTraining.WEIGHT_SETTINGS.weightDecay()
            + " on W, none on b), learning rate warmed up over " + BigramTraining.SCHEDULE.warmupSteps()
            + " steps to " + BigramTraining.SCHEDULE.maxLearningRate() + " then cosine to "
            + BigramTraining.SCHEDULE.minLearningRate() + ", gradients clipped to a global norm of "
            + BigramTraining.MAX_NORM + ". The reference's pieces run the grey line, yours the blue one.";

    /** What the learner's pieces gave: the run's log and, at the seeded start, the gradients of the check. */
    public record Learned(List<Logged> log, Tensor lossGradient, Tensor viaSoftmax, Training.LinearGradients backward,
                          Training.LinearGradients numerical) {
    }

    /** One step of the run, the reference's value and the learner's ({@code null} without a learner run). */
    public record StepRow(int step, String rate, String learnerRate, String loss, String learnerLoss, String norm,
                          String learnerNorm, boolean differs) {
    }

    public record View(String description, LossCurve curve, List<GradientCheckTable.Row> checks, List<StepRow> steps,
                       Verdict verdict) {
    }

    private static final Learned REFERENCE = run(new ReferenceTraining(), new LearnerCalls());

    TrainingFigure() {
        super(Exercise.TRAINING, "Your training step, 30 times");
    }

    @Override
    Learned runLearner(LearnerCalls calls) {
        return run(calls.implementation(Training.class), calls);
    }

    @Override
    View compare(Learned mine) {
        List<Logged> ref = REFERENCE.log();
        boolean[] differs = new boolean[ref.size()];
        List<StepRow> steps = new ArrayList<>();
        int first = -1;
        for (int s = 0; s < ref.size(); s++) {
            Logged r = ref.get(s);
            Logged m = mine.log().get(s);
            differs[s] = !TrainingSuite.RATE.accepts(r.learningRate(), m.learningRate())
                    || !LOSS.accepts(r.loss(), m.loss()) || !LOSS.accepts(r.gradientNorm(), m.gradientNorm());
            if (differs[s] && first < 0) {
                first = s;
            }
            steps.add(row(r, m, differs[s]));
        }
        List<GradientCheckTable.Row> checks = GradientCheckTable.rows(gradients(mine), gradients(REFERENCE));
        LossCurve curve = LossCurve.of("training-loss", "Loss per step: the reference's (grey) and yours (blue)",
                losses(ref), losses(mine.log()), differs);
        String run = first < 0 ? "Your " + ref.size() + " steps follow the reference's: the learning rate, loss and "
                + "gradient norm of every step agree, down to a loss of " + fixed(mine.log().getLast().loss()) + "."
                : firstDifference(first, ref.get(first), mine.log().get(first));
        List<String> off = GradientCheckTable.disagreements(checks);
        String check = off.isEmpty() ? " In the gradient check, your backward pass agrees with your numerical "
                + "gradients and with the reference's." : " In the gradient check, these differ: "
                + String.join("; ", off) + ".";
        Verdict verdict = first < 0 && off.isEmpty() ? Verdict.matches(run + check) : Verdict.differs(run + check);
        return new View(DESCRIPTION, curve, checks, steps, verdict);
    }

    @Override
    View failed(String why) {
        List<StepRow> steps = new ArrayList<>();
        for (Logged r : REFERENCE.log()) {
            steps.add(row(r, null, false));
        }
        LossCurve curve = LossCurve.of("training-loss", "Loss per step: the reference's", losses(REFERENCE.log()),
                null, null);
        return new View(DESCRIPTION, curve, List.of(), steps, Verdict.failed(why));
    }

    @Override
    TemplateInstance render(View view) {
        return FigureTemplates.training(view);
    }

    /** Runs the gradient check, then the whole training run, with {@code training}'s pieces. */
    private static Learned run(Training training, LearnerCalls calls) {
        Training named = new NamedTraining(training, calls);
        Tensor lossGradient = named.crossEntropyGradient(LOGITS, TARGETS);
        if (lossGradient == null || !lossGradient.sameShape(LOGITS)) {
            throw new Unusable("your crossEntropyGradient returned " + (lossGradient == null ? "null"
                    : "shape " + Arrays.toString(lossGradient.shape())) + " for logits of shape "
                    + Arrays.toString(LOGITS.shape()));
        }
        Tensor viaSoftmax = named.softmaxBackward(PROBABILITIES, LOSS_OVER_PROBABILITIES);
        Training.LinearGradients backward = named.linearBackward(X, START.w(), lossGradient);
        Training.LinearGradients numerical = named.numericalGradients(X, START.w(), START.b(), TARGETS, H);
        try {
            return new Learned(BigramTraining.train(named), lossGradient, viaSoftmax, backward, numerical);
        } catch (BigramTraining.BadResult e) {
            throw new Unusable("your " + e.getMessage() + ", so the training run stopped there");
        }
    }

    private static List<GradientCheckTable.Gradients> gradients(Learned l) {
        return GradientCheckTable.of(l.lossGradient(), l.viaSoftmax(), l.backward(), l.numerical());
    }

    /** The sentence about the first step that differs, naming the piece that most likely differs. */
    private static String firstDifference(int step, Logged ref, Logged mine) {
        String what;
        String advice;
        if (!LOSS.accepts(ref.loss(), mine.loss())) {
            what = "the loss is " + fixed(mine.loss()) + ", the reference's " + fixed(ref.loss());
            advice = step == 0 ? "the weights are still the seeded ones here, so check crossEntropy"
                    : "everything before matched, so the update of step " + (step - 1) + " differs: check adamW "
                    + "and how clipByGlobalNorm scales the gradients";
        } else if (!LOSS.accepts(ref.gradientNorm(), mine.gradientNorm())) {
            what = "the gradient norm is " + fixed(mine.gradientNorm()) + ", the reference's " + fixed(ref.gradientNorm());
            advice = "check crossEntropyGradient, linearBackward and the norm in clipByGlobalNorm";
        } else {
            what = "the learning rate is " + fixed(mine.learningRate()) + ", the reference's "
                    + fixed(ref.learningRate());
            advice = "check learningRate (steps count from 0)";
        }
        return "Your run first differs at step " + step + ": " + what + " — " + advice + ".";
    }

    private static StepRow row(Logged r, Logged m, boolean differs) {
        return new StepRow(r.step(), fixed(r.learningRate()), m == null ? null : fixed(m.learningRate()),
                fixed(r.loss()), m == null ? null : fixed(m.loss()), fixed(r.gradientNorm()),
                m == null ? null : fixed(m.gradientNorm()), differs);
    }

    private static double[] losses(List<Logged> log) {
        return log.stream().mapToDouble(Logged::loss).toArray();
    }

    private static String fixed(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : String.valueOf(v);
    }

    private static Tensor lossOverProbabilities() {
        int t = TARGETS.length;
        Tensor d = Tensor.zeros(PROBABILITIES.shape());
        for (int row = 0; row < t; row++) {
            d.set2(row, TARGETS[row], (float) (-1.0 / (t * PROBABILITIES.get2(row, TARGETS[row]))));
        }
        return d;
    }
}
