package dev.llmf.exercises.training;

import dev.llmf.contract.Tensor;
import dev.llmf.contract.Training;

import java.util.List;

/**
 * Exercise 8: the pieces of a training step — the loss and its gradient, the backward passes of a linear layer and of
 * softmax, clipping, AdamW, the learning-rate schedule, and a finite-difference check of your gradients.
 *
 * <p>Start with {@code exercises/08-training/README.md}; the exact formulas, the order of AdamW's updates and the
 * schedule's step numbering are in the Javadoc of {@link Training}.
 */
public class Trainer implements Training {

    /** Creates the trainer; it keeps no state (AdamW's moments come in and go out as {@link Moments}). */
    public Trainer() {
    }

    @Override
    public double crossEntropy(Tensor logits, int[] targets) {
        throw new UnsupportedOperationException(
                "TODO: the mean over positions of logsumexp(logits[t]) − logits[t][targets[t]], max subtracted");
    }

    @Override
    public Tensor crossEntropyGradient(Tensor logits, int[] targets) {
        throw new UnsupportedOperationException("TODO: (softmax(logits[t]) − one-hot(targets[t])) / T for every row");
    }

    @Override
    public LinearGradients linearBackward(Tensor x, Tensor w, Tensor dy) {
        throw new UnsupportedOperationException("TODO: dx = dy·Wᵀ, dW = xᵀ·dy, db = the sum of dy's rows");
    }

    @Override
    public Tensor softmaxBackward(Tensor y, Tensor dy) {
        throw new UnsupportedOperationException("TODO: y ⊙ (dy − Σ_j dy_j·y_j), the sum within each last-dimension row");
    }

    @Override
    public Clipped clipByGlobalNorm(List<Tensor> gradients, double maxNorm) {
        throw new UnsupportedOperationException(
                "TODO: one norm over all gradients; above maxNorm, scale them all by maxNorm / norm");
    }

    @Override
    public Step adamW(Tensor parameter, Tensor gradient, Moments moments, int step, AdamW config) {
        throw new UnsupportedOperationException(
                "TODO: update m and v, correct their bias, then θ − lr·(m̂ / (√v̂ + ε) + λ·θ)");
    }

    @Override
    public double learningRate(int step, Schedule schedule) {
        throw new UnsupportedOperationException(
                "TODO: max·(step + 1)/warmup, then cosine from max down to min, then min from totalSteps on");
    }

    @Override
    public LinearGradients numericalGradients(Tensor x, Tensor w, Tensor b, int[] targets, double h) {
        throw new UnsupportedOperationException(
                "TODO: (L(p + h) − L(p − h)) / 2h for every element p of x, W and b, all in double");
    }
}
