package dev.llmf.reference;

import dev.llmf.contract.Tensor;
import dev.llmf.contract.Training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Exercise 8: cross-entropy and its gradient, the backward passes of a linear layer and of softmax, clipping by
 * global norm, AdamW, the warm-up + cosine schedule and a central-difference gradient check. Plain loops with every
 * sum in double: these are the definitions the grader compares with, and the pieces a training loop is built from.
 */
public final class ReferenceTraining implements Training {

    // ---- the loss ----

    @Override
    public double crossEntropy(Tensor logits, int[] targets) {
        int[] tv = checkLogits(logits, targets);
        float[] z = logits.toArray();                         // [T, V] row-major
        int t = tv[0];
        int v = tv[1];
        double total = 0;
        for (int row = 0; row < t; row++) {
            total += logSumExp(z, row * v, v) - z[row * v + targets[row]];
        }
        return total / t;
    }

    @Override
    public Tensor crossEntropyGradient(Tensor logits, int[] targets) {
        int[] tv = checkLogits(logits, targets);
        float[] z = logits.toArray();
        int t = tv[0];
        int v = tv[1];
        float[] grad = new float[z.length];
        for (int row = 0; row < t; row++) {
            int at = row * v;
            double lse = logSumExp(z, at, v);
            for (int j = 0; j < v; j++) {
                double p = Math.exp(z[at + j] - lse);         // softmax, the max already inside lse
                grad[at + j] = (float) ((p - (j == targets[row] ? 1 : 0)) / t);
            }
        }
        return Tensor.of(grad, t, v);
    }

    /** {@code m + log Σ exp(z_j − m)} over {@code z[from .. from + n)}, with {@code m} the largest of them. */
    static double logSumExp(float[] z, int from, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = from; j < from + n; j++) {
            max = Math.max(max, z[j]);
        }
        double sum = 0;
        for (int j = from; j < from + n; j++) {
            sum += Math.exp(z[j] - max);                      // subtle: ≤ 1 each, so no overflow
        }
        return max + Math.log(sum);
    }

    // ---- the backward pass ----

    @Override
    public LinearGradients linearBackward(Tensor x, Tensor w, Tensor dy) {
        int[] sizes = checkLinear(x, w);
        dy.requireShape("dy (the gradient of y = x·W + b, shape [N, out])", sizes[0], sizes[2]);
        int n = sizes[0];
        int in = sizes[1];
        int out = sizes[2];
        float[] xs = x.toArray();                             // [N, in]
        float[] ws = w.toArray();                             // [in, out]
        float[] g = dy.toArray();                             // [N, out]
        float[] dx = new float[n * in];
        float[] dw = new float[in * out];
        float[] db = new float[out];
        for (int r = 0; r < n; r++) {                         // dx = dy · Wᵀ
            for (int i = 0; i < in; i++) {
                double sum = 0;
                for (int o = 0; o < out; o++) {
                    sum += (double) g[r * out + o] * ws[i * out + o];
                }
                dx[r * in + i] = (float) sum;
            }
        }
        for (int i = 0; i < in; i++) {                        // dW = xᵀ · dy
            for (int o = 0; o < out; o++) {
                double sum = 0;
                for (int r = 0; r < n; r++) {
                    sum += (double) xs[r * in + i] * g[r * out + o];
                }
                dw[i * out + o] = (float) sum;
            }
        }
        for (int o = 0; o < out; o++) {                       // db = Σ_n dy[n]
            double sum = 0;
            for (int r = 0; r < n; r++) {
                sum += g[r * out + o];
            }
            db[o] = (float) sum;
        }
        return new LinearGradients(Tensor.of(dx, n, in), Tensor.of(dw, in, out), Tensor.of(db, out));
    }

    @Override
    public Tensor softmaxBackward(Tensor y, Tensor dy) {
        if (!y.sameShape(dy)) {
            throw new IllegalArgumentException("y (shape " + Arrays.toString(y.shape()) + ") and dy (shape "
                    + Arrays.toString(dy.shape()) + ") must have the same shape");
        }
        float[] ys = y.toArray();
        float[] g = dy.toArray();
        int width = y.size(-1);
        float[] dx = new float[ys.length];
        for (int at = 0; at < ys.length; at += Math.max(width, 1)) {
            double dot = 0;                                   // Σ_j dy_j · y_j within the row
            for (int j = at; j < at + width; j++) {
                dot += (double) g[j] * ys[j];
            }
            for (int j = at; j < at + width; j++) {
                dx[j] = (float) (ys[j] * (g[j] - dot));
            }
        }
        return Tensor.of(dx, y.shape());
    }

    // ---- clipping ----

    @Override
    public Clipped clipByGlobalNorm(List<Tensor> gradients, double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("maxNorm (" + maxNorm + ") must be a finite number > 0");
        }
        double squares = 0;
        for (Tensor g : gradients) {
            for (float value : g.toArray()) {
                squares += (double) value * value;
            }
        }
        double norm = Math.sqrt(squares);
        double scale = norm > maxNorm ? maxNorm / norm : 1;
        List<Tensor> clipped = new ArrayList<>(gradients.size());
        for (Tensor g : gradients) {
            float[] values = g.toArray();
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (values[i] * scale);
            }
            clipped.add(Tensor.of(values, g.shape()));
        }
        return new Clipped(clipped, norm);
    }

    // ---- the optimiser and the schedule ----

    @Override
    public Step adamW(Tensor parameter, Tensor gradient, Moments moments, int step, AdamW c) {
        if (step < 1) {
            throw new IllegalArgumentException("step (" + step + ") must be >= 1: the first step is step 1");
        }
        for (Tensor t : new Tensor[] {gradient, moments.m()}) {
            if (!parameter.sameShape(t)) {
                throw new IllegalArgumentException("parameter (shape " + Arrays.toString(parameter.shape())
                        + "), gradient (shape " + Arrays.toString(gradient.shape()) + ") and moments (shape "
                        + Arrays.toString(moments.m().shape()) + ") must have the same shape");
            }
        }
        float[] theta = parameter.toArray();
        float[] g = gradient.toArray();
        float[] m = moments.m().toArray();
        float[] v = moments.v().toArray();
        double correction1 = 1 - Math.pow(c.beta1(), step);
        double correction2 = 1 - Math.pow(c.beta2(), step);
        for (int i = 0; i < theta.length; i++) {
            double mi = c.beta1() * m[i] + (1 - c.beta1()) * g[i];
            double vi = c.beta2() * v[i] + (1 - c.beta2()) * (double) g[i] * g[i];
            double mHat = mi / correction1;
            double vHat = vi / correction2;
            // decoupled weight decay: λ·θ joins the update, never the gradient or the moments
            theta[i] = (float) (theta[i] - c.learningRate() * (mHat / (Math.sqrt(vHat) + c.epsilon())
                    + c.weightDecay() * theta[i]));
            m[i] = (float) mi;
            v[i] = (float) vi;
        }
        int[] shape = parameter.shape();
        return new Step(Tensor.of(theta, shape), new Moments(Tensor.of(m, shape), Tensor.of(v, shape)));
    }

    @Override
    public double learningRate(int step, Schedule s) {
        if (step < 0) {
            throw new IllegalArgumentException("step (" + step + ") must be >= 0: the first step is step 0");
        }
        if (step < s.warmupSteps()) {
            return s.maxLearningRate() * (step + 1) / s.warmupSteps();
        }
        if (step >= s.totalSteps()) {
            return s.minLearningRate();
        }
        double progress = (double) (step - s.warmupSteps()) / (s.totalSteps() - s.warmupSteps());   // [0, 1)
        return s.minLearningRate()
                + 0.5 * (s.maxLearningRate() - s.minLearningRate()) * (1 + Math.cos(Math.PI * progress));
    }

    // ---- checking gradients ----

    @Override
    public LinearGradients numericalGradients(Tensor x, Tensor w, Tensor b, int[] targets, double h) {
        if (!(h > 0) || Double.isInfinite(h)) {
            throw new IllegalArgumentException("h (" + h + ") must be a finite number > 0");
        }
        int[] sizes = checkLinear(x, w);
        b.requireShape("b (shape [out])", sizes[2]);
        checkTargets(targets, sizes[0], sizes[2]);
        double[][] values = {toDoubles(x), toDoubles(w), toDoubles(b)};   // the loss reads these three
        float[][] gradients = new float[3][];
        for (int group = 0; group < 3; group++) {
            double[] p = values[group];
            gradients[group] = new float[p.length];
            for (int i = 0; i < p.length; i++) {
                double saved = p[i];
                p[i] = saved + h;
                double plus = linearLoss(values, sizes, targets);
                p[i] = saved - h;
                double minus = linearLoss(values, sizes, targets);
                p[i] = saved;
                gradients[group][i] = (float) ((plus - minus) / (2 * h));
            }
        }
        return new LinearGradients(Tensor.of(gradients[0], x.shape()), Tensor.of(gradients[1], w.shape()),
                Tensor.of(gradients[2], b.shape()));
    }

    /** {@code crossEntropy(x · W + b, targets)} in double; {@code values} holds x, W and b row-major. */
    private static double linearLoss(double[][] values, int[] sizes, int[] targets) {
        int n = sizes[0];
        int in = sizes[1];
        int out = sizes[2];
        double[] x = values[0];
        double[] w = values[1];
        double[] b = values[2];
        double[] logits = new double[out];
        double total = 0;
        for (int r = 0; r < n; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int o = 0; o < out; o++) {
                double sum = b[o];
                for (int i = 0; i < in; i++) {
                    sum += x[r * in + i] * w[i * out + o];
                }
                logits[o] = sum;
                max = Math.max(max, sum);
            }
            double exps = 0;
            for (int o = 0; o < out; o++) {
                exps += Math.exp(logits[o] - max);
            }
            total += max + Math.log(exps) - logits[targets[r]];
        }
        return total / n;
    }

    // ---- argument checks ----

    /** {@code [T, V]} of valid logits and targets. */
    private static int[] checkLogits(Tensor logits, int[] targets) {
        logits.requireRank("logits", 2);
        int t = logits.size(0);
        int v = logits.size(1);
        if (t == 0 || v == 0) {
            throw new IllegalArgumentException("logits (shape " + Arrays.toString(logits.shape())
                    + ") must have at least one position and one vocabulary entry");
        }
        checkTargets(targets, t, v);
        return new int[] {t, v};
    }

    private static void checkTargets(int[] targets, int t, int v) {
        if (targets.length != t) {
            throw new IllegalArgumentException("targets (length " + targets.length + ") must have one id per "
                    + "position (" + t + ")");
        }
        for (int i = 0; i < t; i++) {
            if (targets[i] < 0 || targets[i] >= v) {
                throw new IllegalArgumentException("targets[" + i + "] (" + targets[i] + ") must be in [0, " + v
                        + ")");
            }
        }
    }

    /** {@code [N, in, out]} of a linear layer's input and weight. */
    private static int[] checkLinear(Tensor x, Tensor w) {
        x.requireRank("x", 2);
        w.requireRank("w", 2);
        if (w.size(0) != x.size(1)) {
            throw new IllegalArgumentException("x (shape " + Arrays.toString(x.shape()) + ") and w (shape "
                    + Arrays.toString(w.shape()) + ") do not fit y = x·W + b: they must be [N, in] and [in, out]");
        }
        return new int[] {x.size(0), x.size(1), w.size(1)};
    }

    private static double[] toDoubles(Tensor t) {
        float[] f = t.toArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
