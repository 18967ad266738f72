package dev.llmf.reference;

import dev.llmf.contract.Tensor;
import dev.llmf.contract.Training;
import dev.llmf.contract.Training.AdamW;
import dev.llmf.contract.Training.Moments;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The smallest model worth training: a next-character bigram model on the course's sentence "the cat sat on the
 * mat". Each character is a one-hot row of {@code x}, and {@code logits = x · W + b}, so row {@code c} of {@code W}
 * (plus {@code b}) scores every character that may follow {@code c}. {@link #train} runs the whole training step —
 * loss, gradient, backward pass, clipping, schedule, AdamW — through any {@link Training}, which is how the grader
 * puts a learner's pieces next to the reference's: same data, same seeded start, same settings.
 */
public final class BigramTraining {

    public static final String TEXT = "the cat sat on the mat";
    /** The distinct characters of {@link #TEXT} in code-point order: token id = index here. */
    public static final String VOCABULARY = vocabulary(TEXT);
    public static final long SEED = 8;
    public static final int STEPS = 30;
    public static final Training.Schedule SCHEDULE = new Training.Schedule(0.2, 0.02, 5, STEPS);
    /** The weight's settings; the learning rate is replaced by the schedule's every step. */
    public static final AdamW WEIGHT_SETTINGS = new AdamW(0.2, 0.9, 0.999, 1e-8, 0.01);
    /** The bias's: no weight decay, as GPT-2 trains its biases. */
    public static final AdamW BIAS_SETTINGS = new AdamW(0.2, 0.9, 0.999, 1e-8, 0);
    /** Small enough that the first steps are clipped. */
    public static final double MAX_NORM = 0.25;

    /** The model's parameters: {@code W [V, V]} and {@code b [V]}. */
    public record Parameters(Tensor w, Tensor b) {
    }

    /** What one step saw before its update: its learning rate, the loss, and the gradients' norm before clipping. */
    public record Logged(int step, double learningRate, double loss, double gradientNorm) {
    }

    private BigramTraining() {
    }

    /** One-hot rows of every character but the last: {@code [T, V]} with {@code T = 21}, {@code V = 10}. */
    public static Tensor inputs() {
        int t = TEXT.length() - 1;
        int v = VOCABULARY.length();
        Tensor x = Tensor.zeros(t, v);
        for (int i = 0; i < t; i++) {
            x.set2(i, VOCABULARY.indexOf(TEXT.charAt(i)), 1);
        }
        return x;
    }

    /** The id of the character that follows each input character. */
    public static int[] targets() {
        int[] targets = new int[TEXT.length() - 1];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = VOCABULARY.indexOf(TEXT.charAt(i + 1));
        }
        return targets;
    }

    /** The seeded start: {@code W} uniform in {@code [−0.5, 0.5)}, {@code b} zero. */
    public static Parameters initial() {
        SplittableRandom random = new SplittableRandom(SEED);
        int v = VOCABULARY.length();
        float[] w = new float[v * v];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextDouble() - 0.5);
        }
        return new Parameters(Tensor.of(w, v, v), Tensor.zeros(v));
    }

    /** {@link #STEPS} steps from {@link #initial()} with {@code training}'s pieces. */
    public static List<Logged> train(Training training) {
        return train(training, STEPS);
    }

    /**
     * {@code steps} training steps from {@link #initial()}, every piece of the step done by {@code training}.
     *
     * @throws BadResult if a method of {@code training} returns something the next piece cannot use (null, a wrong
     *                   shape, a learning rate that is not a finite number {@code >= 0})
     */
    public static List<Logged> train(Training training, int steps) {
        Tensor x = inputs();
        int[] targets = targets();
        Parameters p = initial();
        Tensor w = p.w();
        Tensor b = p.b();
        Moments mw = Moments.zeros(w.shape());
        Moments mb = Moments.zeros(b.shape());
        List<Logged> log = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            Tensor logits = LinearLayer.forward(x, w, b);                               // [T, V]
            double loss = training.crossEntropy(logits, targets);
            Tensor dLogits = shaped(training.crossEntropyGradient(logits, targets), logits, "crossEntropyGradient",
                    step);
            Training.LinearGradients grads = training.linearBackward(x, w, dLogits);
            check(grads != null, "linearBackward returned null", step);
            Training.Clipped clipped = training.clipByGlobalNorm(List.of(shaped(grads.weight(), w,
                    "linearBackward's weight gradient", step), shaped(grads.bias(), b, "linearBackward's bias gradient",
                    step)), MAX_NORM);
            check(clipped != null && clipped.gradients() != null && clipped.gradients().size() == 2,
                    "clipByGlobalNorm did not return the 2 gradients it was given", step);
            double rate = training.learningRate(step, SCHEDULE);
            check(rate >= 0 && Double.isFinite(rate), "learningRate returned " + rate, step);
            log.add(new Logged(step, rate, loss, clipped.norm()));
            Training.Step newW = training.adamW(w, shaped(clipped.gradients().get(0), w, "clipByGlobalNorm's first "
                    + "gradient", step), mw, step + 1, WEIGHT_SETTINGS.withLearningRate(rate));
            Training.Step newB = training.adamW(b, shaped(clipped.gradients().get(1), b, "clipByGlobalNorm's second "
                    + "gradient", step), mb, step + 1, BIAS_SETTINGS.withLearningRate(rate));
            check(newW != null && newB != null && newW.moments() != null && newB.moments() != null,
                    "adamW returned null", step);
            w = shaped(newW.parameter(), w, "adamW's parameter", step);
            mw = shapedMoments(newW.moments(), w, step);
            b = shaped(newB.parameter(), b, "adamW's parameter", step);
            mb = shapedMoments(newB.moments(), b, step);
        }
        return log;
    }

    /** A result of the {@link Training} under test that the next piece of the step cannot use. */
    public static final class BadResult extends RuntimeException {
        BadResult(String message) {
            super(message, null, false, false);
        }
    }

    private static void check(boolean ok, String problem, int step) {
        if (!ok) {
            throw new BadResult(problem + " at step " + step);
        }
    }

    private static Tensor shaped(Tensor t, Tensor like, String what, int step) {
        check(t != null, what + " is null", step);
        check(t.sameShape(like), what + " has shape " + Arrays.toString(t.shape()) + " instead of "
                + Arrays.toString(like.shape()), step);
        return t;
    }

    private static Moments shapedMoments(Moments m, Tensor like, int step) {
        shaped(m.m(), like, "adamW's moment m", step);
        return m;
    }

    private static String vocabulary(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().distinct().sorted().forEach(out::appendCodePoint);
        return out.toString();
    }
}
