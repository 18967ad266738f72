package dev.llmf.exercises.support;

import dev.llmf.contract.Tensor;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Numeric comparisons with a stated tolerance: {@code |expected − actual| ≤ tolerance} per element. Failure
 * messages name the first element that is off, both values, and the shapes, so a learner can see where.
 */
public final class Approx {

    /** The tolerance public tests use for float results of a few operations. */
    public static final double TOLERANCE = 1e-4;

    private Approx() {
    }

    /** Asserts same shape and every element within {@code tolerance}; {@code what} names the quantity. */
    public static void assertTensorClose(String what, Tensor expected, Tensor actual, double tolerance) {
        if (actual == null) {
            fail(what + ": expected a tensor of shape " + Arrays.toString(expected.shape()) + " but got null");
        }
        if (!expected.sameShape(actual)) {
            fail(what + ": expected shape " + Arrays.toString(expected.shape()) + " but got shape "
                    + Arrays.toString(actual.shape()));
        }
        assertArrayClose(what, expected.toArray(), actual.toArray(), expected.shape(), tolerance);
    }

    /** Asserts every element within {@code tolerance}, for flat arrays. */
    public static void assertArrayClose(String what, float[] expected, float[] actual, double tolerance) {
        assertArrayClose(what, expected, actual, new int[] {expected.length}, tolerance);
    }

    /**
     * Whether {@code actual} has the shape of {@code expected} and every element within {@code tolerance}: for
     * hints that name a likely mistake when the actual result matches it.
     */
    public static boolean isClose(Tensor expected, Tensor actual, double tolerance) {
        if (actual == null || !expected.sameShape(actual)) {
            return false;
        }
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(e[i] - a[i]) <= tolerance)) {
                return false;
            }
        }
        return true;
    }

    private static void assertArrayClose(String what, float[] expected, float[] actual, int[] shape,
                                         double tolerance) {
        if (actual.length != expected.length) {
            fail(what + ": expected " + expected.length + " values but got " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs((double) expected[i] - actual[i]);
            if (!(diff <= tolerance)) {
                fail(what + ": element " + Arrays.toString(unflatten(i, shape)) + " should be " + expected[i]
                        + " but was " + actual[i] + " (difference " + (float) diff + ", tolerance " + tolerance + ")");
            }
        }
    }

    private static int[] unflatten(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            int size = Math.max(shape[d], 1);
            index[d] = flat % size;
            flat /= size;
        }
        return index;
    }
}
