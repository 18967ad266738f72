package dev.llmf.reference.training;

import dev.llmf.contract.Training;

/**
 * AdamW on the flat parameters, in double, exactly as {@link Training#adamW} states it per element (and as
 * {@code torch.optim.AdamW} computes it), with weight decay only on the weights whose
 * {@link ParameterLayout.Slice#decays} says so. It keeps the moments {@code m} and {@code v}, which a checkpoint
 * saves.
 */
public final class AdamWOptimizer {

    private final ParameterLayout layout;
    private final double[] m;
    private final double[] v;

    public AdamWOptimizer(ParameterLayout layout) {
        this(layout, new double[layout.size()], new double[layout.size()]);
    }

    AdamWOptimizer(ParameterLayout layout, double[] m, double[] v) {
        if (m.length != layout.size() || v.length != layout.size()) {
            throw new IllegalArgumentException("moments of " + m.length + " and " + v.length + " numbers for "
                    + layout.size() + " parameters");
        }
        this.layout = layout;
        this.m = m;
        this.v = v;
    }

    double[] m() {
        return m;
    }

    double[] v() {
        return v;
    }

    /** Step {@code t} (1 for the first) with learning rate {@code config.learningRate()}, in place. */
    public void step(double[] params, double[] grads, int t, Training.AdamW config) {
        double lr = config.learningRate();
        double b1 = config.beta1();
        double b2 = config.beta2();
        double correction1 = 1 - Math.pow(b1, t);
        double correction2 = 1 - Math.pow(b2, t);
        for (ParameterLayout.Slice slice : layout.slices()) {
            double decay = slice.decays() ? config.weightDecay() : 0;
            for (int i = slice.offset(); i < slice.offset() + slice.size(); i++) {
                double g = grads[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double update = (m[i] / correction1) / (Math.sqrt(v[i] / correction2) + config.epsilon());
                params[i] -= lr * (update + decay * params[i]);
            }
        }
    }

    /** Scales {@code grads} so their global norm is at most {@code maxNorm}; returns the norm before. */
    public static double clipByGlobalNorm(double[] grads, double maxNorm) {
        double sum = 0;
        for (double g : grads) {
            sum += g * g;
        }
        double norm = Math.sqrt(sum);
        if (norm > maxNorm) {
            double factor = maxNorm / norm;
            for (int i = 0; i < grads.length; i++) {
                grads[i] *= factor;
            }
        }
        return norm;
    }
}
