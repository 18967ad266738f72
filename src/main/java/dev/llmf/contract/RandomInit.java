package dev.llmf.contract;

import java.util.SplittableRandom;

/**
 * Seeded random weights for tests and demos, initialised as GPT-2 does: normal(0, 0.02) for projections and
 * embeddings, ones and zeros for LayerNorm. The same seed always gives the same weights.
 */
final class RandomInit {

    static final double STD = 0.02;

    private final SplittableRandom random;

    RandomInit(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Normal(0, STD) values, drawn with the Box–Muller transform so the numbers do not depend on the JDK. */
    Tensor normal(int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] data = t.data();
        for (int i = 0; i < data.length; i += 2) {
            double u1 = 1.0 - random.nextDouble();   // (0, 1]: keeps log() finite
            double u2 = random.nextDouble();
            double radius = Math.sqrt(-2.0 * Math.log(u1)) * STD;
            data[i] = (float) (radius * Math.cos(2 * Math.PI * u2));
            if (i + 1 < data.length) {
                data[i + 1] = (float) (radius * Math.sin(2 * Math.PI * u2));
            }
        }
        return t;
    }

    static Tensor ones(int size) {
        Tensor t = Tensor.zeros(size);
        java.util.Arrays.fill(t.data(), 1f);
        return t;
    }
}
