package dev.llmf.exercises.training;

import dev.llmf.contract.Tensor;
import dev.llmf.contract.Training;

import java.util.ArrayList;
import java.util.List;

/**
 * Exercise 8 with the least code: float sums wherever the contract allows them (the backward passes), views and
 * row() instead of index arithmetic, and the gradient check built on this class's own crossEntropy in double by
 * perturbing a copy of the weights held as doubles.
 */
public class Trainer implements Training {

    public Trainer() {
    }

    @Override
    public double crossEntropy(Tensor logits, int[] targets) {
        requireTargets(logits, targets);
        double loss = 0;
        for (int t = 0; t < targets.length; t++) {
            Tensor row = logits.row(t);
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < row.size(0); j++) {
                max = Math.max(max, row.get(j));
            }
            double sum = 0;
            for (int j = 0; j < row.size(0); j++) {
                sum += Math.exp((double) row.get(j) - max);
            }
            loss += Math.log(sum) + max - row.get(targets[t]);
        }
        return loss / targets.length;
    }

    @Override
    public Tensor crossEntropyGradient(Tensor logits, int[] targets) {
        requireTargets(logits, targets);
        int t = targets.length;
        Tensor out = logits.copy();
        for (int r = 0; r < t; r++) {
            Tensor row = out.row(r);                          // a view: writes go into out
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < row.size(0); j++) {
                max = Math.max(max, row.get(j));
            }
            double sum = 0;
            for (int j = 0; j < row.size(0); j++) {
                sum += Math.exp((double) row.get(j) - max);
            }
            for (int j = 0; j < row.size(0); j++) {
                double p = Math.exp((double) row.get(j) - max) / sum;
                row.set((float) ((p - (j == targets[r] ? 1 : 0)) / t), j);
            }
        }
        return out;
    }

    @Override
    public LinearGradients linearBackward(Tensor x, Tensor w, Tensor dy) {
        x.requireRank("x", 2);
        w.requireRank("w", 2);
        dy.requireShape("dy", x.size(0), w.size(1));
        w.requireShape("w", x.size(1), dy.size(1));
        Tensor wT = w.transpose(0, 1);                        // [out, in], a view
        Tensor xT = x.transpose(0, 1);                        // [in, N], a view
        Tensor dx = Tensor.zeros(x.size(0), x.size(1));
        Tensor dw = Tensor.zeros(w.size(0), w.size(1));
        Tensor db = Tensor.zeros(w.size(1));
        for (int n = 0; n < dx.size(0); n++) {
            for (int i = 0; i < dx.size(1); i++) {
                float s = 0;
                for (int o = 0; o < wT.size(0); o++) {
                    s += dy.get(n, o) * wT.get(o, i);
                }
                dx.set(s, n, i);
            }
        }
        for (int i = 0; i < dw.size(0); i++) {
            for (int o = 0; o < dw.size(1); o++) {
                float s = 0;
                for (int n = 0; n < xT.size(1); n++) {
                    s += xT.get(i, n) * dy.get(n, o);
                }
                dw.set(s, i, o);
            }
        }
        for (int o = 0; o < db.size(0); o++) {
            float s = 0;
            for (int n = 0; n < dy.size(0); n++) {
                s += dy.get(n, o);
            }
            db.set(s, o);
        }
        return new LinearGradients(dx, dw, db);
    }

    @Override
    public Tensor softmaxBackward(Tensor y, Tensor dy) {
        dy.requireShape("dy", y.shape());
        int v = y.size(-1);
        float[] ys = y.toArray();
        float[] gs = dy.toArray();
        float[] dx = new float[ys.length];
        for (int start = 0; start < ys.length; start += v) {
            float dot = 0;
            for (int j = start; j < start + v; j++) {
                dot += ys[j] * gs[j];
            }
            for (int j = start; j < start + v; j++) {
                dx[j] = ys[j] * (gs[j] - dot);
            }
        }
        return Tensor.of(dx, y.shape());
    }

    @Override
    public Clipped clipByGlobalNorm(List<Tensor> gradients, double maxNorm) {
        if (Double.isNaN(maxNorm) || Double.isInfinite(maxNorm) || maxNorm <= 0) {
            throw new IllegalArgumentException("maxNorm (" + maxNorm + ") must be a finite number > 0");
        }
        double sumOfSquares = 0;
        for (Tensor g : gradients) {
            for (float f : g.toArray()) {
                sumOfSquares += f * (double) f;
            }
        }
        double norm = Math.sqrt(sumOfSquares);
        List<Tensor> result = new ArrayList<>();
        for (Tensor g : gradients) {
            float[] values = g.toArray();
            if (norm > maxNorm) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (values[i] * maxNorm / norm);
                }
            }
            result.add(Tensor.of(values, g.shape()));
        }
        return new Clipped(result, norm);
    }

    @Override
    public Step adamW(Tensor parameter, Tensor gradient, Moments moments, int step, AdamW c) {
        if (step < 1) {
            throw new IllegalArgumentException("step (" + step + ") must be >= 1");
        }
        gradient.requireShape("gradient", parameter.shape());
        moments.m().requireShape("m", parameter.shape());
        Tensor theta = parameter.copy();
        Tensor m = moments.m().copy();
        Tensor v = moments.v().copy();
        float[] th = theta.data();
        float[] ms = m.data();
        float[] vs = v.data();
        float[] g = gradient.toArray();
        for (int i = 0; i < th.length; i++) {
            double newM = c.beta1() * ms[i] + (1 - c.beta1()) * g[i];
            double newV = c.beta2() * vs[i] + (1 - c.beta2()) * Math.pow(g[i], 2);
            double mHat = newM / (1 - Math.pow(c.beta1(), step));
            double vHat = newV / (1 - Math.pow(c.beta2(), step));
            double decay = c.weightDecay() * th[i];
            th[i] -= (float) (c.learningRate() * (mHat / (Math.sqrt(vHat) + c.epsilon()) + decay));
            ms[i] = (float) newM;
            vs[i] = (float) newV;
        }
        return new Step(theta, new Moments(m, v));
    }

    @Override
    public double learningRate(int step, Schedule s) {
        if (step < 0) {
            throw new IllegalArgumentException("step (" + step + ") must be >= 0");
        }
        if (step >= s.totalSteps() && step >= s.warmupSteps()) {
            return s.minLearningRate();
        }
        if (step < s.warmupSteps()) {
            return s.maxLearningRate() * (step + 1.0) / s.warmupSteps();
        }
        double angle = Math.PI * (step - s.warmupSteps()) / (s.totalSteps() - s.warmupSteps());
        return s.minLearningRate() + (s.maxLearningRate() - s.minLearningRate()) * (1 + Math.cos(angle)) / 2;
    }

    @Override
    public LinearGradients numericalGradients(Tensor x, Tensor w, Tensor b, int[] targets, double h) {
        if (!(h > 0 && h < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("h (" + h + ") must be a finite number > 0");
        }
        x.requireRank("x", 2);
        w.requireShape("w", x.size(1), w.size(-1));
        b.requireShape("b", w.size(1));
        requireTargets(Tensor.zeros(x.size(0), w.size(1)), targets);
        double[] xs = doubles(x);
        double[] ws = doubles(w);
        double[] bs = doubles(b);
        return new LinearGradients(central(xs, x.shape(), h, xs, ws, bs, targets),
                central(ws, w.shape(), h, xs, ws, bs, targets), central(bs, b.shape(), h, xs, ws, bs, targets));
    }

    /** Central differences over every entry of {@code p}, one of the three arrays the loss reads. */
    private static Tensor central(double[] p, int[] shape, double h, double[] x, double[] w, double[] b,
                                  int[] targets) {
        float[] grad = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            double keep = p[i];
            p[i] = keep + h;
            double up = loss(x, w, b, targets);
            p[i] = keep - h;
            double down = loss(x, w, b, targets);
            p[i] = keep;
            grad[i] = (float) ((up - down) / (2 * h));
        }
        return Tensor.of(grad, shape);
    }

    /** crossEntropy(x·W + b) in double, with x [N, in], W [in, out], b [out] flattened. */
    private static double loss(double[] x, double[] w, double[] b, int[] targets) {
        int n = targets.length;
        int out = b.length;
        int in = x.length / n;
        double total = 0;
        for (int r = 0; r < n; r++) {
            double[] z = b.clone();
            for (int i = 0; i < in; i++) {
                for (int o = 0; o < out; o++) {
                    z[o] += x[r * in + i] * w[i * out + o];
                }
            }
            double max = Double.NEGATIVE_INFINITY;
            for (double value : z) {
                max = Math.max(max, value);
            }
            double sum = 0;
            for (double value : z) {
                sum += Math.exp(value - max);
            }
            total += Math.log(sum) + max - z[targets[r]];
        }
        return total / n;
    }

    private static void requireTargets(Tensor logits, int[] targets) {
        logits.requireRank("logits", 2);
        if (logits.size(0) == 0 || logits.size(1) == 0) {
            throw new IllegalArgumentException("logits must have at least one row and one column");
        }
        if (targets.length != logits.size(0)) {
            throw new IllegalArgumentException("targets (length " + targets.length + ") must have length "
                    + logits.size(0));
        }
        for (int target : targets) {
            if (target < 0 || target >= logits.size(1)) {
                throw new IllegalArgumentException("target (" + target + ") must be in [0, " + logits.size(1) + ")");
            }
        }
    }

    private static double[] doubles(Tensor t) {
        float[] f = t.toArray();
        double[] d = new double[f.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
