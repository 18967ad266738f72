package dev.llmf.exercises.training;

import dev.llmf.contract.Tensor;
import dev.llmf.contract.Training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Exercise 8: the loss, the backward passes, clipping, AdamW, the schedule and the gradient check. */
public class Trainer implements Training {

    public Trainer() {
    }

    @Override
    public double crossEntropy(Tensor logits, int[] targets) {
        checkLogits(logits, targets);
        int t = logits.size(0);
        double total = 0;
        for (int row = 0; row < t; row++) {
            total += logSumExp(logits.row(row).toArray()) - logits.get(row, targets[row]);
        }
        return total / t;
    }

    @Override
    public Tensor crossEntropyGradient(Tensor logits, int[] targets) {
        checkLogits(logits, targets);
        int t = logits.size(0);
        int v = logits.size(1);
        Tensor grad = Tensor.zeros(t, v);
        for (int row = 0; row < t; row++) {
            double[] p = softmax(logits.row(row).toArray());
            for (int j = 0; j < v; j++) {
                double hot = j == targets[row] ? 1 : 0;
                grad.set2(row, j, (float) ((p[j] - hot) / t));
            }
        }
        return grad;
    }

    @Override
    public LinearGradients linearBackward(Tensor x, Tensor w, Tensor dy) {
        if (x.rank() != 2 || w.rank() != 2 || dy.rank() != 2 || x.size(1) != w.size(0) || dy.size(0) != x.size(0)
                || dy.size(1) != w.size(1)) {
            throw new IllegalArgumentException("x " + Arrays.toString(x.shape()) + ", w " + Arrays.toString(w.shape())
                    + " and dy " + Arrays.toString(dy.shape()) + " must be [N, in], [in, out] and [N, out]");
        }
        int n = x.size(0);
        int in = x.size(1);
        int out = w.size(1);
        Tensor dx = Tensor.zeros(n, in);
        Tensor dw = Tensor.zeros(in, out);
        Tensor db = Tensor.zeros(out);
        for (int r = 0; r < n; r++) {
            for (int i = 0; i < in; i++) {
                double sum = 0;
                for (int o = 0; o < out; o++) {
                    sum += dy.get2(r, o) * w.get2(i, o);
                }
                dx.set2(r, i, (float) sum);
            }
        }
        for (int i = 0; i < in; i++) {
            for (int o = 0; o < out; o++) {
                double sum = 0;
                for (int r = 0; r < n; r++) {
                    sum += x.get2(r, i) * dy.get2(r, o);
                }
                dw.set2(i, o, (float) sum);
            }
        }
        for (int o = 0; o < out; o++) {
            double sum = 0;
            for (int r = 0; r < n; r++) {
                sum += dy.get2(r, o);
            }
            db.set((float) sum, o);
        }
        return new LinearGradients(dx, dw, db);
    }

    @Override
    public Tensor softmaxBackward(Tensor y, Tensor dy) {
        if (!y.sameShape(dy)) {
            throw new IllegalArgumentException("y " + Arrays.toString(y.shape()) + " and dy "
                    + Arrays.toString(dy.shape()) + " must have the same shape");
        }
        int width = y.size(-1);
        int rows = y.numel() / Math.max(1, width);
        float[] ys = y.toArray();
        float[] g = dy.toArray();
        float[] dx = new float[ys.length];
        for (int r = 0; r < rows; r++) {
            double dot = 0;
            for (int j = 0; j < width; j++) {
                dot += g[r * width + j] * ys[r * width + j];
            }
            for (int j = 0; j < width; j++) {
                dx[r * width + j] = (float) (ys[r * width + j] * (g[r * width + j] - dot));
            }
        }
        return Tensor.of(dx, y.shape());
    }

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
        double scale = norm > maxNorm ? maxNorm / norm : 1.0;
        List<Tensor> out = new ArrayList<>();
        for (Tensor g : gradients) {
            float[] values = g.toArray();
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (values[i] * scale);
            }
            out.add(Tensor.of(values, g.shape()));
        }
        return new Clipped(out, norm);
    }

    @Override
    public Step adamW(Tensor parameter, Tensor gradient, Moments moments, int step, AdamW config) {
        if (step < 1) {
            throw new IllegalArgumentException("step (" + step + ") must be >= 1");
        }
        if (!parameter.sameShape(gradient) || !parameter.sameShape(moments.m())) {
            throw new IllegalArgumentException("parameter, gradient and moments must have the same shape");
        }
        float[] theta = parameter.toArray();
        float[] g = gradient.toArray();
        float[] m = moments.m().toArray();
        float[] v = moments.v().toArray();
        double b1 = config.beta1();
        double b2 = config.beta2();
        for (int i = 0; i < theta.length; i++) {
            double mi = b1 * m[i] + (1 - b1) * g[i];
            double vi = b2 * v[i] + (1 - b2) * g[i] * g[i];
            double mHat = mi / (1 - Math.pow(b1, step));
            double vHat = vi / (1 - Math.pow(b2, step));
            double update = mHat / (Math.sqrt(vHat) + config.epsilon()) + config.weightDecay() * theta[i];
            theta[i] = (float) (theta[i] - config.learningRate() * update);
            m[i] = (float) mi;
            v[i] = (float) vi;
        }
        int[] shape = parameter.shape();
        return new Step(Tensor.of(theta, shape), new Moments(Tensor.of(m, shape), Tensor.of(v, shape)));
    }

    @Override
    public double learningRate(int step, Schedule schedule) {
        if (step < 0) {
            throw new IllegalArgumentException("step (" + step + ") must be >= 0");
        }
        double max = schedule.maxLearningRate();
        double min = schedule.minLearningRate();
        int warmup = schedule.warmupSteps();
        int total = schedule.totalSteps();
        if (step < warmup) {
            return max * (step + 1) / warmup;
        }
        if (step >= total) {
            return min;
        }
        double progress = (double) (step - warmup) / (total - warmup);
        return min + 0.5 * (max - min) * (1 + Math.cos(Math.PI * progress));
    }

    @Override
    public LinearGradients numericalGradients(Tensor x, Tensor w, Tensor b, int[] targets, double h) {
        if (!(h > 0) || Double.isInfinite(h)) {
            throw new IllegalArgumentException("h (" + h + ") must be a finite number > 0");
        }
        if (x.rank() != 2 || w.rank() != 2 || x.size(1) != w.size(0) || b.rank() != 1 || b.size(0) != w.size(1)) {
            throw new IllegalArgumentException("x, w and b must be [N, in], [in, out] and [out]");
        }
        checkTargets(targets, x.size(0), w.size(1));
        double[] xs = doubles(x);
        double[] ws = doubles(w);
        double[] bs = doubles(b);
        int n = x.size(0);
        int in = x.size(1);
        int out = w.size(1);
        double[][] groups = {xs, ws, bs};
        float[][] grads = new float[3][];
        for (int k = 0; k < 3; k++) {
            double[] p = groups[k];
            grads[k] = new float[p.length];
            for (int i = 0; i < p.length; i++) {
                double saved = p[i];
                p[i] = saved + h;
                double plus = loss(xs, ws, bs, n, in, out, targets);
                p[i] = saved - h;
                double minus = loss(xs, ws, bs, n, in, out, targets);
                p[i] = saved;
                grads[k][i] = (float) ((plus - minus) / (2 * h));
            }
        }
        return new LinearGradients(Tensor.of(grads[0], x.shape()), Tensor.of(grads[1], w.shape()),
                Tensor.of(grads[2], b.shape()));
    }

    private static double loss(double[] x, double[] w, double[] b, int n, int in, int out, int[] targets) {
        double total = 0;
        double[] z = new double[out];
        for (int r = 0; r < n; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int o = 0; o < out; o++) {
                double sum = b[o];
                for (int i = 0; i < in; i++) {
                    sum += x[r * in + i] * w[i * out + o];
                }
                z[o] = sum;
                max = Math.max(max, sum);
            }
            double exps = 0;
            for (int o = 0; o < out; o++) {
                exps += Math.exp(z[o] - max);
            }
            total += max + Math.log(exps) - z[targets[r]];
        }
        return total / n;
    }

    private static double logSumExp(float[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (float value : z) {
            max = Math.max(max, value);
        }
        double sum = 0;
        for (float value : z) {
            sum += Math.exp(value - max);
        }
        return max + Math.log(sum);
    }

    private static double[] softmax(float[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (float value : z) {
            max = Math.max(max, value);
        }
        double[] p = new double[z.length];
        double sum = 0;
        for (int j = 0; j < z.length; j++) {
            p[j] = Math.exp(z[j] - max);
            sum += p[j];
        }
        for (int j = 0; j < z.length; j++) {
            p[j] /= sum;
        }
        return p;
    }

    private static void checkLogits(Tensor logits, int[] targets) {
        if (logits.rank() != 2 || logits.size(0) == 0 || logits.size(1) == 0) {
            throw new IllegalArgumentException("logits must be [T, V] with T, V >= 1 but have shape "
                    + Arrays.toString(logits.shape()));
        }
        checkTargets(targets, logits.size(0), logits.size(1));
    }

    private static void checkTargets(int[] targets, int t, int v) {
        if (targets.length != t) {
            throw new IllegalArgumentException("expected " + t + " targets but got " + targets.length);
        }
        for (int target : targets) {
            if (target < 0 || target >= v) {
                throw new IllegalArgumentException("target " + target + " is outside [0, " + v + ")");
            }
        }
    }

    private static double[] doubles(Tensor t) {
        float[] f = t.toArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
