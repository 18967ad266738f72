package dev.llmf.reference;

import dev.llmf.contract.Tensor;

import java.util.Arrays;

/** How far apart two gradients of the same parameter are, as gradient checks report it. */
public final class GradientCheck {

    private GradientCheck() {
    }

    /**
     * {@code ‖a − b‖ / max(‖a‖, ‖b‖)} with Euclidean norms over all elements, in double; 0 when both are zero, NaN
     * when either holds NaN or an infinity. Below about 1e-6 two computations agree; a wrong formula gives 0.1 or more.
     *
     * @throws IllegalArgumentException if the shapes differ
     */
    public static double relativeError(Tensor a, Tensor b) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException("cannot compare shape " + Arrays.toString(a.shape()) + " with shape "
                    + Arrays.toString(b.shape()));
        }
        float[] x = a.toArray();
        float[] y = b.toArray();
        double difference = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < x.length; i++) {
            double d = (double) x[i] - y[i];
            difference += d * d;
            normA += (double) x[i] * x[i];
            normB += (double) y[i] * y[i];
        }
        if (!Double.isFinite(difference + normA + normB)) {
            return Double.NaN;
        }
        double scale = Math.sqrt(Math.max(normA, normB));
        return scale == 0 ? 0 : Math.sqrt(difference) / scale;
    }
}
