package dev.llmf.exercises.support;

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
}
