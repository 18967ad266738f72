package dev.llmf.grader.suites;

import dev.llmf.contract.Tensor;
import dev.llmf.contract.Training;
import dev.llmf.contract.Training.AdamW;
import dev.llmf.contract.Training.Moments;
import dev.llmf.contract.Training.Schedule;

import java.util.ArrayList;
import java.util.List;

/**
 * Known wrong versions of exercise 8's pieces, in plain double loops: {@link TrainingSuite} compares a failing
 * learner result with them to name the likely mistake. Nothing here is an expected answer; expected answers come
 * from the reference.
 */
final class TrainingMistakes {

    private TrainingMistakes() {
    }

    // ---- the loss ----

    enum Loss { NO_MAX_SHIFT, SUM_NOT_MEAN, SIGN_FLIPPED }

    /** The cross-entropy as a mistaken implementation computes it (may be infinite or NaN). */
    static double crossEntropy(Tensor logits, int[] targets, Loss mistake) {
        int t = logits.size(0);
        int v = logits.size(1);
        float[] z = logits.toArray();
        double total = 0;
        for (int row = 0; row < t; row++) {
            double max = 0;
            if (mistake != Loss.NO_MAX_SHIFT) {
                max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < v; j++) {
                    max = Math.max(max, z[row * v + j]);
                }
            }
            double sum = 0;
            for (int j = 0; j < v; j++) {
                sum += Math.exp(z[row * v + j] - max);
            }
            total += max + Math.log(sum) - z[row * v + targets[row]];
        }
        return switch (mistake) {
            case SUM_NOT_MEAN -> total;
            case SIGN_FLIPPED -> -total / t;
            case NO_MAX_SHIFT -> total / t;
        };
    }

    enum LossGradient { NOT_DIVIDED_BY_T, NO_ONE_HOT, ONE_HOT_ADDED }

    static Tensor crossEntropyGradient(Tensor logits, int[] targets, LossGradient mistake) {
        int t = logits.size(0);
        int v = logits.size(1);
        double[][] p = softmaxRows(logits.toArray(), t, v);
        float[] out = new float[t * v];
        for (int row = 0; row < t; row++) {
            for (int j = 0; j < v; j++) {
                double hot = j == targets[row] ? 1 : 0;
                double g = switch (mistake) {
                    case NOT_DIVIDED_BY_T -> p[row][j] - hot;
                    case NO_ONE_HOT -> p[row][j] / t;
                    case ONE_HOT_ADDED -> (p[row][j] + hot) / t;
                };
                out[row * v + j] = (float) g;
            }
        }
        return Tensor.of(out, t, v);
    }

    // ---- the backward passes ----

    /** {@code dyᵀ · x}: the weight gradient transposed, shape {@code [out, in]}. */
    static Tensor weightGradientTransposed(Tensor x, Tensor dy) {
        return product(dy.transpose(0, 1), x);
    }

    /** The mean of dy's rows instead of their sum. */
    static Tensor biasGradientMean(Tensor dy) {
        float[] sum = product(Tensor.of(ones(dy.size(0)), 1, dy.size(0)), dy).toArray();
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= dy.size(0);
        }
        return Tensor.of(sum, sum.length);
    }

    /** {@code dy · W} read without the transpose, possible only when W is square. */
    static Tensor inputGradientUntransposed(Tensor w, Tensor dy) {
        return w.size(0) == w.size(1) ? product(dy, w) : null;
    }

    enum SoftmaxBackward { ALONG_FIRST_DIMENSION, NO_SUM, DIAGONAL_ONLY }

    /**
     * Softmax's backward pass done wrong: {@code ALONG_FIRST_DIMENSION} treats the rows of the {@code [rows, V]}
     * view as columns (the sum runs over the rows, as on the transposed matrix); the others drop the sum.
     */
    static Tensor softmaxBackward(Tensor y, Tensor dy, SoftmaxBackward mistake) {
        int width = y.size(-1);
        int rows = y.numel() / Math.max(width, 1);
        float[] ys = y.toArray();
        float[] g = dy.toArray();
        float[] out = new float[ys.length];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < width; j++) {
                int at = r * width + j;
                out[at] = (float) switch (mistake) {
                    case NO_SUM -> (double) ys[at] * g[at];
                    case DIAGONAL_ONLY -> (double) ys[at] * (1 - ys[at]) * g[at];
                    case ALONG_FIRST_DIMENSION -> {
                        double dot = 0;
                        for (int k = 0; k < rows; k++) {
                            dot += (double) g[k * width + j] * ys[k * width + j];
                        }
                        yield ys[at] * (g[at] - dot);
                    }
                };
            }
        }
        return Tensor.of(out, y.shape());
    }

    // ---- clipping ----

    enum Clipping { EACH_BY_ITS_OWN_NORM, ALWAYS_SCALED, NO_SQUARE_ROOT }

    static List<Tensor> clip(List<Tensor> gradients, double maxNorm, Clipping mistake) {
        double squares = 0;
        for (Tensor g : gradients) {
            squares += squares(g);
        }
        List<Tensor> out = new ArrayList<>();
        for (Tensor g : gradients) {
            double norm = switch (mistake) {
                case EACH_BY_ITS_OWN_NORM -> Math.sqrt(squares(g));
                case ALWAYS_SCALED -> Math.sqrt(squares);
                case NO_SQUARE_ROOT -> squares;
            };
            double scale = mistake == Clipping.ALWAYS_SCALED || norm > maxNorm ? maxNorm / norm : 1;
            float[] values = g.toArray();
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (values[i] * scale);
            }
            out.add(Tensor.of(values, g.shape()));
        }
        return out;
    }

    // ---- AdamW ----

    enum Adam {
        L2_NOT_DECOUPLED, NO_BIAS_CORRECTION, DECAY_WITHOUT_LEARNING_RATE, DECAY_AFTER_UPDATE, EPSILON_INSIDE_ROOT,
        NO_WEIGHT_DECAY
    }

    /** One AdamW step done wrong, as {@link Training#adamW} returns it. */
    static Training.Step adamW(Tensor parameter, Tensor gradient, Moments moments, int t, AdamW c, Adam mistake) {
        float[] theta = parameter.toArray();
        float[] g = gradient.toArray();
        float[] m = moments.m().toArray();
        float[] v = moments.v().toArray();
        for (int i = 0; i < theta.length; i++) {
            double grad = mistake == Adam.L2_NOT_DECOUPLED ? g[i] + c.weightDecay() * theta[i] : g[i];
            double mi = c.beta1() * m[i] + (1 - c.beta1()) * grad;
            double vi = c.beta2() * v[i] + (1 - c.beta2()) * grad * grad;
            boolean corrected = mistake != Adam.NO_BIAS_CORRECTION;
            double mHat = corrected ? mi / (1 - Math.pow(c.beta1(), t)) : mi;
            double vHat = corrected ? vi / (1 - Math.pow(c.beta2(), t)) : vi;
            double adam = mistake == Adam.EPSILON_INSIDE_ROOT ? mHat / Math.sqrt(vHat + c.epsilon())
                    : mHat / (Math.sqrt(vHat) + c.epsilon());
            double stepped = theta[i] - c.learningRate() * adam;
            theta[i] = (float) switch (mistake) {
                case L2_NOT_DECOUPLED, NO_WEIGHT_DECAY -> stepped;
                case DECAY_WITHOUT_LEARNING_RATE -> stepped - c.weightDecay() * theta[i];
                case DECAY_AFTER_UPDATE -> stepped - c.learningRate() * c.weightDecay() * stepped;
                default -> stepped - c.learningRate() * c.weightDecay() * theta[i];
            };
            m[i] = (float) mi;
            v[i] = (float) vi;
        }
        int[] shape = parameter.shape();
        return new Training.Step(Tensor.of(theta, shape), new Moments(Tensor.of(m, shape), Tensor.of(v, shape)));
    }

    // ---- the schedule ----

    enum Rate { WARMUP_FROM_ZERO, WARMUP_OVER_WARMUP_PLUS_ONE, COSINE_WITHOUT_MIN, COSINE_OVER_TOTAL, NO_FLOOR }

    static double learningRate(int step, Schedule s, Rate mistake) {
        double max = s.maxLearningRate();
        double min = s.minLearningRate();
        int warmup = s.warmupSteps();
        int total = s.totalSteps();
        if (step < warmup) {
            return switch (mistake) {
                case WARMUP_FROM_ZERO -> max * step / warmup;
                case WARMUP_OVER_WARMUP_PLUS_ONE -> max * (step + 1) / (warmup + 1);
                default -> max * (step + 1) / warmup;
            };
        }
        if (step >= total && mistake != Rate.NO_FLOOR) {
            return mistake == Rate.COSINE_WITHOUT_MIN ? 0 : min;
        }
        double progress = mistake == Rate.COSINE_OVER_TOTAL ? (double) step / total
                : (double) (step - warmup) / Math.max(1, total - warmup);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
        return mistake == Rate.COSINE_WITHOUT_MIN ? max * cosine : min + (max - min) * cosine;
    }

    // ---- the gradient check ----

    enum Difference { ONE_SIDED, DIVIDED_BY_H }

    /** The weight gradient by a wrong finite difference of the reference's loss. */
    static Tensor numericalWeightGradient(Tensor x, Tensor w, Tensor b, int[] targets, double h, Difference mistake) {
        Training reference = Grading.reference(Training.class);
        float[] ws = w.toArray();
        float[] out = new float[ws.length];
        double base = loss(reference, x, ws, w.shape(), b, targets, 0, 0);
        for (int i = 0; i < ws.length; i++) {
            double plus = loss(reference, x, ws, w.shape(), b, targets, i, h);
            double other = mistake == Difference.ONE_SIDED ? base : loss(reference, x, ws, w.shape(), b, targets, i, -h);
            out[i] = (float) ((plus - other) / h);                  // both mistakes divide by h, not 2h
        }
        return Tensor.of(out, w.shape());
    }

    private static double loss(Training reference, Tensor x, float[] ws, int[] shape, Tensor b, int[] targets, int at,
                               double h) {
        float[] moved = ws.clone();
        moved[at] = (float) (moved[at] + h);
        return reference.crossEntropy(dev.llmf.reference.LinearLayer.forward(x, Tensor.of(moved, shape), b), targets);
    }

    // ---- helpers ----

    private static double[][] softmaxRows(float[] z, int t, int v) {
        double[][] p = new double[t][v];
        for (int row = 0; row < t; row++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < v; j++) {
                max = Math.max(max, z[row * v + j]);
            }
            double sum = 0;
            for (int j = 0; j < v; j++) {
                p[row][j] = Math.exp(z[row * v + j] - max);
                sum += p[row][j];
            }
            for (int j = 0; j < v; j++) {
                p[row][j] /= sum;
            }
        }
        return p;
    }

    /** {@code a · b} of 2-D tensors (views allowed), double sums. */
    private static Tensor product(Tensor a, Tensor b) {
        int n = a.size(0);
        int k = a.size(1);
        int m = b.size(1);
        float[] out = new float[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += (double) a.get2(i, p) * b.get2(p, j);
                }
                out[i * m + j] = (float) sum;
            }
        }
        return Tensor.of(out, n, m);
    }

    private static double squares(Tensor t) {
        double sum = 0;
        for (float f : t.toArray()) {
            sum += (double) f * f;
        }
        return sum;
    }

    private static float[] ones(int n) {
        float[] out = new float[n];
        java.util.Arrays.fill(out, 1);
        return out;
    }
}
