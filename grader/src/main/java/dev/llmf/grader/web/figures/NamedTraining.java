package dev.llmf.grader.web.figures;

import dev.llmf.contract.Tensor;
import dev.llmf.contract.Training;

import java.util.List;

/**
 * A {@link Training} that runs every call through {@link LearnerCalls#call}, so that when the learner's code fails
 * in the middle of a training run the figure can say which method did ("your adamW threw …").
 */
record NamedTraining(Training inner, LearnerCalls calls) implements Training {

    @Override
    public double crossEntropy(Tensor logits, int[] targets) {
        return calls.call("crossEntropy", () -> inner.crossEntropy(logits, targets));
    }

    @Override
    public Tensor crossEntropyGradient(Tensor logits, int[] targets) {
        return calls.call("crossEntropyGradient", () -> inner.crossEntropyGradient(logits, targets));
    }

    @Override
    public LinearGradients linearBackward(Tensor x, Tensor w, Tensor dy) {
        return calls.call("linearBackward", () -> inner.linearBackward(x, w, dy));
    }

    @Override
    public Tensor softmaxBackward(Tensor y, Tensor dy) {
        return calls.call("softmaxBackward", () -> inner.softmaxBackward(y, dy));
    }

    @Override
    public Clipped clipByGlobalNorm(List<Tensor> gradients, double maxNorm) {
        return calls.call("clipByGlobalNorm", () -> inner.clipByGlobalNorm(gradients, maxNorm));
    }

    @Override
    public Step adamW(Tensor parameter, Tensor gradient, Moments moments, int step, AdamW config) {
        return calls.call("adamW", () -> inner.adamW(parameter, gradient, moments, step, config));
    }

    @Override
    public double learningRate(int step, Schedule schedule) {
        return calls.call("learningRate", () -> inner.learningRate(step, schedule));
    }

    @Override
    public LinearGradients numericalGradients(Tensor x, Tensor w, Tensor b, int[] targets, double h) {
        return calls.call("numericalGradients", () -> inner.numericalGradients(x, w, b, targets, h));
    }
}
