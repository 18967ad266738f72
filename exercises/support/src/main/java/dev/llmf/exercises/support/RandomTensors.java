package dev.llmf.exercises.support;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Tensor;

import java.util.SplittableRandom;

/** Reproducible random test inputs: the same seed always gives the same tensor. */
public final class RandomTensors {

    private RandomTensors() {
    }

    /** Uniform values in {@code [-1, 1)}. */
    public static Tensor uniform(long seed, int... shape) {
        SplittableRandom random = new SplittableRandom(seed);
        Tensor t = Tensor.zeros(shape);
        float[] data = t.data();
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return t;
    }

    /** Uniform values in {@code [-scale, scale)}. */
    public static Tensor uniform(long seed, float scale, int... shape) {
        Tensor t = uniform(seed, shape);
        float[] data = t.data();
        for (int i = 0; i < data.length; i++) {
            data[i] *= scale;
        }
        return t;
    }

    /** Attention projections wq, wk, wv, wo: [d, d], uniform in {@code [-scale, scale)}, seeds seed … seed + 3. */
    public static Attention.Weights attentionWeights(long seed, float scale, int d) {
        return new Attention.Weights(uniform(seed, scale, d, d), uniform(seed + 1, scale, d, d),
                uniform(seed + 2, scale, d, d), uniform(seed + 3, scale, d, d));
    }

    /** {@code d} values {@code 1 + uniform in [-spread, spread)}: LayerNorm scales near 1, as in a real model. */
    public static Tensor nearOne(long seed, float spread, int d) {
        float[] values = uniform(seed, spread, d).toArray();
        for (int i = 0; i < d; i++) {
            values[i] += 1;
        }
        return Tensor.vector(values);
    }
}
