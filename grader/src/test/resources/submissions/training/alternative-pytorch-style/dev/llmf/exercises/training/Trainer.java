package dev.llmf.exercises.training;

import dev.llmf.contract.Tensor;
import dev.llmf.contract.Training;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Exercise 8, written the way PyTorch's code reads: log-softmax with an online (one-pass) logsumexp, softmax's
 * backward pass as an explicit Jacobian, AdamW as torch.optim.AdamW steps (decay first, then a step size and a
 * denominator), the schedule as nanoGPT's decay ratio, and one finite-difference loop over flat parameter arrays.
 */
public class Trainer implements Training {

    public Trainer() {
    }

    @Override
    public double crossEntropy(Tensor logits, int[] targets) {
        validate(logits, targets);
        double sum = 0;
        for (int t = 0; t < targets.length; t++) {
            sum -= logSoftmax(row(logits, t))[targets[t]];
        }
        return sum / targets.length;
    }

    @Override
    public Tensor crossEntropyGradient(Tensor logits, int[] targets) {
        validate(logits, targets);
        int rows = targets.length;
        int v = logits.size(1);
        float[] out = new float[rows * v];
        for (int t = 0; t < rows; t++) {
            double[] logP = logSoftmax(row(logits, t));
            for (int j = 0; j < v; j++) {
                out[t * v + j] = (float) ((Math.exp(logP[j]) - (j == targets[t] ? 1.0 : 0.0)) / rows);
            }
        }
        return Tensor.of(out, rows, v);
    }

    /** log softmax with a running maximum: one pass for the sum, rescaling it whenever the maximum grows. */
    private static double[] logSoftmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (double value : z) {
            if (value > max) {
                sum = sum * Math.exp(max - value) + 1;
                max = value;
            } else {
                sum += Math.exp(value - max);
            }
        }
        double logZ = max + Math.log(sum);
        double[] out = new double[z.length];
        for (int j = 0; j < z.length; j++) {
            out[j] = z[j] - logZ;
        }
        return out;
    }

    @Override
    public LinearGradients linearBackward(Tensor x, Tensor w, Tensor dy) {
        if (x.rank() != 2 || w.rank() != 2 || dy.rank() != 2) {
            throw new IllegalArgumentException("x, w and dy must be 2-D");
        }
        Tensor dx = matmul(dy, w.transpose(0, 1));              // [N, out]·[out, in]
        Tensor dw = matmul(x.transpose(0, 1), dy);              // [in, N]·[N, out]
        if (dx.size(1) != x.size(1) || dw.size(1) != w.size(1) || dx.size(0) != x.size(0)) {
            throw new IllegalArgumentException("dy does not fit x·W");
        }
        int out = dy.size(1);
        float[] db = new float[out];
        for (int n = 0; n < dy.size(0); n++) {
            for (int o = 0; o < out; o++) {
                db[o] += dy.get(n, o);
            }
        }
        return new LinearGradients(dx, dw, Tensor.vector(db));
    }

    private static Tensor matmul(Tensor a, Tensor b) {
        if (a.size(1) != b.size(0)) {
            throw new IllegalArgumentException("cannot multiply " + a.size(0) + "x" + a.size(1) + " by " + b.size(0)
                    + "x" + b.size(1));
        }
        Tensor c = Tensor.zeros(a.size(0), b.size(1));
        for (int i = 0; i < a.size(0); i++) {
            for (int j = 0; j < b.size(1); j++) {
                float sum = 0;
                for (int k = 0; k < a.size(1); k++) {
                    sum += a.get(i, k) * b.get(k, j);
                }
                c.set(sum, i, j);
            }
        }
        return c;
    }

    @Override
    public Tensor softmaxBackward(Tensor y, Tensor dy) {
        if (!y.sameShape(dy)) {
            throw new IllegalArgumentException("y and dy must have the same shape");
        }
        int v = y.size(-1);
        Tensor ys = y.contiguous().reshape(-1, v);
        Tensor gs = dy.contiguous().reshape(-1, v);
        float[] out = new float[y.numel()];
        for (int r = 0; r < ys.size(0); r++) {
            // dx_i = Σ_j J[j][i]·dy_j with J[j][i] = ∂y_j/∂x_i = y_j·([i = j] − y_i)
            for (int i = 0; i < v; i++) {
                double sum = 0;
                for (int j = 0; j < v; j++) {
                    double jacobian = ys.get2(r, j) * ((i == j ? 1 : 0) - ys.get2(r, i));
                    sum += jacobian * gs.get2(r, j);
                }
                out[r * v + i] = (float) sum;
            }
        }
        return Tensor.of(out, y.shape());
    }

    @Override
    public Clipped clipByGlobalNorm(List<Tensor> gradients, double maxNorm) {
        if (!Double.isFinite(maxNorm) || maxNorm <= 0) {
            throw new IllegalArgumentException("maxNorm must be a finite number > 0, not " + maxNorm);
        }
        double total = 0;
        for (Tensor g : gradients) {
            for (float value : g.toArray()) {
                total += (double) value * value;
            }
        }
        double norm = Math.sqrt(total);
        double coefficient = norm == 0 ? 1 : Math.min(1.0, maxNorm / norm);
        List<Tensor> clipped = new ArrayList<>();
        for (Tensor g : gradients) {
            Tensor copy = g.copy();
            float[] data = copy.data();
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) (data[i] * coefficient);
            }
            clipped.add(copy);
        }
        return new Clipped(clipped, norm);
    }

    @Override
    public Step adamW(Tensor parameter, Tensor gradient, Moments moments, int step, AdamW config) {
        if (step <= 0) {
            throw new IllegalArgumentException("step must be positive");
        }
        if (!parameter.sameShape(gradient) || !gradient.sameShape(moments.m())) {
            throw new IllegalArgumentException("shapes differ");
        }
        float[] p = parameter.toArray();
        float[] g = gradient.toArray();
        float[] expAvg = moments.m().toArray();
        float[] expAvgSq = moments.v().toArray();
        double lr = config.learningRate();
        double biasCorrection1 = 1 - Math.pow(config.beta1(), step);
        double biasCorrection2 = 1 - Math.pow(config.beta2(), step);
        double stepSize = lr / biasCorrection1;
        for (int i = 0; i < p.length; i++) {
            double param = p[i] * (1 - lr * config.weightDecay());          // param.mul_(1 - lr * weight_decay)
            double m = expAvg[i] * config.beta1() + g[i] * (1 - config.beta1());
            double v = expAvgSq[i] * config.beta2() + (1 - config.beta2()) * g[i] * (double) g[i];
            double denom = Math.sqrt(v) / Math.sqrt(biasCorrection2) + config.epsilon();
            p[i] = (float) (param - stepSize * m / denom);                   // param.addcdiv_(m, denom, -step_size)
            expAvg[i] = (float) m;
            expAvgSq[i] = (float) v;
        }
        int[] shape = parameter.shape();
        return new Step(Tensor.of(p, shape), new Moments(Tensor.of(expAvg, shape), Tensor.of(expAvgSq, shape)));
    }

    @Override
    public double learningRate(int step, Schedule schedule) {
        if (step < 0) {
            throw new IllegalArgumentException("negative step " + step);
        }
        int warmup = schedule.warmupSteps();
        int decaySteps = schedule.totalSteps();
        if (step < warmup) {
            return schedule.maxLearningRate() * (step + 1) / warmup;
        }
        if (step >= decaySteps) {
            return schedule.minLearningRate();
        }
        double decayRatio = (step - warmup) / (double) (decaySteps - warmup);
        double coefficient = 0.5 * (1.0 + Math.cos(Math.PI * decayRatio));
        return schedule.minLearningRate() + coefficient * (schedule.maxLearningRate() - schedule.minLearningRate());
    }

    @Override
    public LinearGradients numericalGradients(Tensor x, Tensor w, Tensor b, int[] targets, double h) {
        if (!(h > 0) || h == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("h must be a finite number > 0");
        }
        if (w.rank() != 2 || x.rank() != 2 || x.size(1) != w.size(0) || !b.sameShape(Tensor.zeros(w.size(1)))) {
            throw new IllegalArgumentException("x, w and b do not fit");
        }
        validate(Tensor.zeros(x.size(0), w.size(1)), targets);
        double[][] params = {asDoubles(x), asDoubles(w), asDoubles(b)};
        int n = x.size(0);
        int in = x.size(1);
        int out = w.size(1);
        ToDoubleFunction<double[][]> loss = q -> {
            double sum = 0;
            for (int r = 0; r < n; r++) {
                double[] z = new double[out];
                for (int o = 0; o < out; o++) {
                    z[o] = q[2][o];
                    for (int i = 0; i < in; i++) {
                        z[o] += q[0][r * in + i] * q[1][i * out + o];
                    }
                }
                sum -= logSoftmax(z)[targets[r]];
            }
            return sum / n;
        };
        Tensor[] shapes = {x, w, b};
        Tensor[] grads = new Tensor[3];
        for (int k = 0; k < 3; k++) {
            float[] g = new float[params[k].length];
            for (int i = 0; i < g.length; i++) {
                double original = params[k][i];
                params[k][i] = original + h;
                double up = loss.applyAsDouble(params);
                params[k][i] = original - h;
                double down = loss.applyAsDouble(params);
                params[k][i] = original;
                g[i] = (float) ((up - down) / (2 * h));
            }
            grads[k] = Tensor.of(g, shapes[k].shape());
        }
        return new LinearGradients(grads[0], grads[1], grads[2]);
    }

    private static void validate(Tensor logits, int[] targets) {
        if (logits.rank() != 2 || logits.size(0) < 1 || logits.size(1) < 1) {
            throw new IllegalArgumentException("logits must be [T, V] with T, V >= 1");
        }
        if (targets.length != logits.size(0)) {
            throw new IllegalArgumentException("one target per row is needed");
        }
        for (int t : targets) {
            if (t < 0 || t >= logits.size(1)) {
                throw new IllegalArgumentException("target " + t + " out of range");
            }
        }
    }

    private static double[] row(Tensor logits, int t) {
        double[] z = new double[logits.size(1)];
        for (int j = 0; j < z.length; j++) {
            z[j] = logits.get2(t, j);
        }
        return z;
    }

    private static double[] asDoubles(Tensor t) {
        float[] values = t.toArray();
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
