package dev.llmf.contract;

import java.util.List;

/**
 * Exercise 8 — training: the loss, the backward pass, and one optimiser step.
 *
 * <p>A model is trained by repeating one step: run it forward to get logits, measure how wrong they are with the
 * {@linkplain #crossEntropy cross-entropy}, find how the loss changes with every weight (the <em>gradients</em>, by
 * the chain rule, backwards through each layer), {@linkplain #clipByGlobalNorm clip} them, and move every weight a
 * little against its gradient with {@linkplain #adamW AdamW} at the {@linkplain #learningRate scheduled learning
 * rate}. A {@linkplain #numericalGradients finite-difference check} confirms the backward pass.
 *
 * <pre>
 *   logits = x · W + b                                   [T, V]
 *   loss   = crossEntropy(logits, targets)               a number
 *   dL/dlogits = crossEntropyGradient(logits, targets)   [T, V]
 *   (dL/dx, dL/dW, dL/db) = linearBackward(x, W, dL/dlogits)
 *   clipped = clipByGlobalNorm([dL/dW, dL/db], maxNorm)
 *   W, b   = adamW(W, clipped, …, step t, learningRate(t − 1, schedule))
 * </pre>
 *
 * <p>Every method returns new tensors and leaves its arguments unchanged; inputs may be views (read them with
 * {@link Tensor#get}, {@link Tensor#toArray()} or {@link Tensor#contiguous()}). Results are {@code float} tensors;
 * the grader compares them with the reference within its stated tolerances, so summing in {@code float} or
 * {@code double} both pass wherever this comment does not ask for {@code double}. Shape mistakes and bad arguments
 * throw {@link IllegalArgumentException} with a message that names the problem.
 */
public interface Training {

    // ---- the loss ----

    /**
     * The mean cross-entropy of next-token predictions: for each position {@code t}, minus the log-probability that
     * {@code softmax(logits[t])} gives the target, averaged over the {@code T} positions:
     *
     * <pre>
     *   L = (1/T) · Σ_t ( logsumexp(logits[t]) − logits[t][targets[t]] )
     *   logsumexp(z) = m + log Σ_j exp(z_j − m),   m = max_j z_j
     * </pre>
     *
     * <p>Subtract the row maximum {@code m} before {@code exp}, so that logits like {@code 1000} do not overflow; sum
     * and take the logarithm in {@code double}. Example: logits {@code [[2, 1, 0.5, 0], [2, 1, 0.5, 0]]} with targets
     * {@code [0, 2]}: {@code logsumexp = 2.546006}, the two losses are {@code 0.546006} and {@code 2.046006}, and
     * the result is their mean {@code 1.296006}. Logits must be finite.
     *
     * @param logits  shape {@code [T, V]}, {@code T ≥ 1}, {@code V ≥ 1}
     * @param targets {@code T} ids, each in {@code [0, V)}
     * @throws IllegalArgumentException if {@code logits} is not 2-D, {@code T} or {@code V} is 0,
     *                                  {@code targets.length ≠ T}, or a target is outside {@code [0, V)}
     */
    double crossEntropy(Tensor logits, int[] targets);

    /**
     * The gradient of {@link #crossEntropy} with respect to the logits:
     * {@code dL/dlogits[t][j] = (softmax(logits[t])_j − [j = targets[t]]) / T}, shape {@code [T, V]}. The softmax
     * subtracts the row maximum as in exercise 1. Each row sums to 0. Example (as above): row 0 is
     * {@code ([0.579259, 0.213097, 0.129250, 0.078394] − [1, 0, 0, 0]) / 2 = [−0.210371, 0.106549, 0.064625,
     * 0.039197]}.
     *
     * @throws IllegalArgumentException as {@link #crossEntropy}
     */
    Tensor crossEntropyGradient(Tensor logits, int[] targets);

    // ---- the backward pass ----

    /** The gradients of a linear layer's loss with respect to its input, weight and bias. */
    record LinearGradients(Tensor input, Tensor weight, Tensor bias) {
    }

    /**
     * The backward pass of a linear layer {@code y = x · W + b}: given {@code dy = dL/dy},
     *
     * <pre>
     *   dL/dx = dy · Wᵀ          [N, in]
     *   dL/dW = xᵀ · dy          [in, out]
     *   dL/db = Σ_n dy[n]        [out]   (the sum of dy's rows)
     * </pre>
     *
     * <p>{@code b} is not an argument: none of the three depends on it.
     *
     * @param x  the layer's input, shape {@code [N, in]}
     * @param w  its weight, shape {@code [in, out]}
     * @param dy the gradient of the loss with respect to its output, shape {@code [N, out]}
     * @throws IllegalArgumentException if a tensor is not 2-D or the sizes do not fit; the message names the shapes
     */
    LinearGradients linearBackward(Tensor x, Tensor w, Tensor dy);

    /**
     * The backward pass of softmax along the last dimension, for a tensor of any rank: given {@code y = softmax(x)}
     * and {@code dy = dL/dy}, for every row (every index of the other dimensions)
     *
     * <pre>
     *   dL/dx_i = y_i · (dy_i − Σ_j dy_j · y_j)      the sum runs over the last dimension, within the row
     * </pre>
     *
     * <p>This is the product with softmax's Jacobian {@code ∂y_j/∂x_i = y_j·([i = j] − y_i)}. Example:
     * {@code y = [0.579259, 0.213097, 0.129250, 0.078394]} and {@code dy = [1, 0, 0, 0]} give
     * {@code [0.243718, −0.123438, −0.074869, −0.045410]}.
     *
     * @param y  the softmax output
     * @param dy the gradient with respect to it, same shape
     * @throws IllegalArgumentException if the shapes differ (the message names both)
     */
    Tensor softmaxBackward(Tensor y, Tensor dy);

    // ---- clipping ----

    /** The gradients after clipping, and their global norm before it. */
    record Clipped(List<Tensor> gradients, double norm) {
    }

    /**
     * Clipping by global norm. The norm is taken over every element of every gradient together, in {@code double}:
     * {@code norm = sqrt(Σ_k Σ_i g_k[i]²)}. If {@code norm > maxNorm}, every gradient is multiplied by the one factor
     * {@code maxNorm / norm} (so the global norm becomes {@code maxNorm}, and the direction is kept); otherwise the
     * values are returned as they are. Either way the result holds new tensors, in the order and shapes given, and
     * {@link Clipped#norm} is the norm <em>before</em> clipping. Unlike PyTorch's {@code clip_grad_norm_}, nothing is
     * added to the norm. Example: {@code [3, 4]} and {@code [12]} have norm 13; with {@code maxNorm = 6.5} they
     * become {@code [1.5, 2]} and {@code [6]}; with {@code maxNorm = 20} they stay.
     *
     * @throws IllegalArgumentException if {@code maxNorm} is not a finite number {@code > 0}
     */
    Clipped clipByGlobalNorm(List<Tensor> gradients, double maxNorm);

    // ---- the optimiser ----

    /** AdamW's settings: learning rate {@code lr}, moment decays {@code β1} and {@code β2}, {@code ε}, and {@code λ}. */
    record AdamW(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {
        public AdamW {
            if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("learningRate (" + learningRate + ") must be a finite number >= 0");
            }
            if (!(beta1 >= 0 && beta1 < 1)) {
                throw new IllegalArgumentException("beta1 (" + beta1 + ") must be in [0, 1)");
            }
            if (!(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("beta2 (" + beta2 + ") must be in [0, 1)");
            }
            if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("epsilon (" + epsilon + ") must be a finite number > 0");
            }
            if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
                throw new IllegalArgumentException("weightDecay (" + weightDecay + ") must be a finite number >= 0");
            }
        }

        /** PyTorch's defaults for {@code torch.optim.AdamW}: β1 0.9, β2 0.999, ε 1e-8, weight decay 0.01. */
        public static AdamW defaults(double learningRate) {
            return new AdamW(learningRate, 0.9, 0.999, 1e-8, 0.01);
        }

        /** The same settings with another learning rate (the schedule changes it every step). */
        public AdamW withLearningRate(double rate) {
            return new AdamW(rate, beta1, beta2, epsilon, weightDecay);
        }
    }

    /** AdamW's running averages of one parameter: {@code m} of the gradient, {@code v} of its square. */
    record Moments(Tensor m, Tensor v) {
        public Moments {
            if (m == null || v == null) {
                throw new IllegalArgumentException("moments m and v must not be null");
            }
            if (!m.sameShape(v)) {
                throw new IllegalArgumentException("moment m (shape " + java.util.Arrays.toString(m.shape())
                        + ") and v (shape " + java.util.Arrays.toString(v.shape()) + ") must have the same shape");
            }
        }

        /** Zero moments for a parameter of the given shape: where every training run starts. */
        public static Moments zeros(int... shape) {
            return new Moments(Tensor.zeros(shape), Tensor.zeros(shape));
        }
    }

    /** A parameter after one optimiser step, with its updated moments. */
    record Step(Tensor parameter, Moments moments) {
    }

    /**
     * One AdamW step for one parameter tensor. With {@code g} the gradient and {@code t = step} (1 for the first
     * step), for every element, in this order:
     *
     * <pre>
     *   m ← β1·m + (1 − β1)·g
     *   v ← β2·v + (1 − β2)·g²
     *   m̂ = m / (1 − β1^t)                   bias correction: m and v start at 0
     *   v̂ = v / (1 − β2^t)
     *   θ ← θ − lr·( m̂ / (√v̂ + ε)  +  λ·θ )    λ·θ uses θ from before the step
     * </pre>
     *
     * <p>The weight decay {@code λ·θ} is <em>decoupled</em>: it is added to the update, not to the gradient, so it
     * never enters {@code m} or {@code v} (adding it to the gradient is Adam with L2 regularisation, a different
     * optimiser). This is exactly PyTorch's {@code torch.optim.AdamW}. Compute each element in {@code double} and
     * round the new {@code θ}, {@code m} and {@code v} to {@code float}. Example: {@code θ = 1}, {@code g = 0.5},
     * zero moments, {@code t = 1}, {@code lr = 0.1}, {@code β1 = 0.9}, {@code β2 = 0.999}, {@code ε = 1e-8},
     * {@code λ = 0.1}: {@code m = 0.05}, {@code v = 0.00025}, {@code m̂ = 0.5}, {@code v̂ = 0.25}, and
     * {@code θ = 1 − 0.1·(0.99999998 + 0.1) = 0.89}.
     *
     * @param parameter the values {@code θ}
     * @param gradient  {@code dL/dθ}, same shape
     * @param moments   {@code m} and {@code v} from the previous step ({@link Moments#zeros} before the first)
     * @param step      {@code t ≥ 1}: how many steps have been taken, this one included
     * @return the new parameter and moments (new tensors: the arguments are unchanged)
     * @throws IllegalArgumentException if {@code step < 1} or the shapes of parameter, gradient and moments differ
     */
    Step adamW(Tensor parameter, Tensor gradient, Moments moments, int step, AdamW config);

    // ---- the learning-rate schedule ----

    /** Linear warm-up to {@code maxLearningRate}, then cosine decay to {@code minLearningRate}, then constant. */
    record Schedule(double maxLearningRate, double minLearningRate, int warmupSteps, int totalSteps) {
        public Schedule {
            if (!(minLearningRate >= 0) || !(maxLearningRate >= minLearningRate) || Double.isInfinite(maxLearningRate)) {
                throw new IllegalArgumentException("learning rates must be finite with 0 <= min (" + minLearningRate
                        + ") <= max (" + maxLearningRate + ")");
            }
            if (warmupSteps < 0 || totalSteps < warmupSteps) {
                throw new IllegalArgumentException("steps must satisfy 0 <= warmupSteps (" + warmupSteps
                        + ") <= totalSteps (" + totalSteps + ")");
            }
        }
    }

    /**
     * The learning rate of step {@code step}, counted from 0 (the first step is step 0, and {@code adamW} then gets
     * {@code t = step + 1}), computed in {@code double}:
     *
     * <pre>
     *   step &lt; warmup            max · (step + 1) / warmup
     *   warmup ≤ step &lt; total    min + ½·(max − min)·(1 + cos(π · (step − warmup) / (total − warmup)))
     *   step ≥ total             min
     * </pre>
     *
     * <p>So the first step already moves ({@code max/warmup}), the warm-up ends at {@code max} on step
     * {@code warmup − 1}, the cosine starts from {@code max} on step {@code warmup}. Example: max 1, min 0.1,
     * warm-up 4, total 12: steps 0 to 4 give {@code 0.25, 0.5, 0.75, 1, 1}; step 8 gives {@code 0.55}; steps 12
     * and after give {@code 0.1}.
     *
     * @throws IllegalArgumentException if {@code step < 0}
     */
    double learningRate(int step, Schedule schedule);

    // ---- checking gradients ----

    /**
     * The gradients of {@code L(x, W, b) = crossEntropy(x · W + b, targets)} with respect to {@code x}, {@code W} and
     * {@code b}, by central differences: for every element {@code p} of each, with everything else unchanged,
     *
     * <pre>
     *   dL/dp ≈ ( L(p + h) − L(p − h) ) / (2h)
     * </pre>
     *
     * <p>Everything is computed in {@code double}: the perturbed value {@code p ± h} (not rounded to float), the
     * product {@code x · W + b}, and the loss as in {@link #crossEntropy}; only the results are rounded to
     * {@code float}. It is slow ({@code 2} forward passes per element) and needs no calculus, which is why it checks
     * {@link #linearBackward} applied to {@link #crossEntropyGradient}: the two must agree to about {@code h²}.
     * Example: {@code x = [[1, 2]]}, {@code W = [[0.5, −0.5, 0], [0.25, 0, 1]]}, {@code b = [0, 0.5, 0]}, target
     * {@code 1}, {@code h = 1e-3}: the logits are {@code [1, 0, 2]}, {@code L = 2.407606}, and
     * {@code dL/dW[0][0] = (2.4078508 − 2.4073613) / 0.002 = 0.244728}.
     *
     * @param x       shape {@code [N, in]}
     * @param w       shape {@code [in, out]}
     * @param b       shape {@code [out]}
     * @param targets {@code N} ids in {@code [0, out)}
     * @param h       the step, a finite number {@code > 0}
     * @return the three gradients, shaped like {@code x}, {@code w} and {@code b}
     * @throws IllegalArgumentException if the shapes do not fit, a target is out of range, or {@code h} is not a
     *                                  finite number {@code > 0}
     */
    LinearGradients numericalGradients(Tensor x, Tensor w, Tensor b, int[] targets, double h);
}
