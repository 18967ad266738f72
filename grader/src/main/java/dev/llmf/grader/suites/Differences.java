package dev.llmf.grader.suites;

import dev.llmf.contract.Tensor;

import java.util.Arrays;
import java.util.List;

/** How {@link Check} measures and words a difference between an expected answer and the learner's. */
final class Differences {

    private Differences() {
    }

    /**
     * The largest difference between two arrays in units of the tolerance (1 = just at the tolerance); NaN against
     * NaN is 0, NaN against a number infinitely far.
     */
    static double distance(float[] reference, float[] actual, Check.Tolerance tolerance) {
        double worst = 0;
        for (int i = 0; i < reference.length; i++) {
            double e = reference[i];
            double a = actual[i];
            double d;
            if (Double.isNaN(e) || Double.isNaN(a)) {
                d = Double.isNaN(e) && Double.isNaN(a) ? 0 : Double.POSITIVE_INFINITY;
            } else if (Double.isInfinite(e) || Double.isInfinite(a)) {
                d = e == a ? 0 : Double.POSITIVE_INFINITY;
            } else {
                d = Math.abs(e - a) / (tolerance.absolute() + tolerance.relative() * Math.abs(e));
            }
            worst = Math.max(worst, d);
        }
        return worst;
    }

    /** Index of the first element outside the tolerance, or -1. */
    static int firstDifference(float[] expected, float[] actual, Check.Tolerance tolerance) {
        if (expected.length != actual.length) {
            return 0;
        }
        for (int i = 0; i < expected.length; i++) {
            if (!tolerance.accepts(expected[i], actual[i])) {
                return i;
            }
        }
        return -1;
    }

    /** Both tensors in full when small; otherwise the last-dimension row that holds the first difference. */
    static String showBoth(Tensor expected, Tensor actual, float[] e, float[] a, int at) {
        if (e.length <= SHOWN_IN_FULL) {
            return "\n  expected " + expected + "\n  but got  " + actual;
        }
        int[] shape = expected.shape();
        int width = Math.max(1, shape[shape.length - 1]);
        int rowStart = at - at % width;
        int from = Math.max(rowStart, at - 8);
        int to = Math.min(rowStart + width, from + 16);
        int[] index = unflatten(at, shape);
        StringBuilder where = new StringBuilder("[");
        for (int d = 0; d < index.length - 1; d++) {
            where.append(index[d]).append(", ");
        }
        where.append(from - rowStart).append("..").append(to - 1 - rowStart).append("]");
        return "\n  elements " + where + " of the " + Arrays.toString(shape) + " result:"
                + "\n  expected " + Arrays.toString(Arrays.copyOfRange(e, from, to))
                + "\n  but got  " + Arrays.toString(Arrays.copyOfRange(a, from, to));
    }


    /** Tensors up to this many elements are printed whole in failure messages. */
    private static final int SHOWN_IN_FULL = 36;

    static String describeDifference(float expected, float actual) {
        if (Float.isNaN(actual)) {
            return " (NaN)";
        }
        if (Float.isInfinite(actual)) {
            return " (infinite)";
        }
        return " (difference " + (float) Math.abs((double) expected - actual) + ")";
    }

    static int[] unflatten(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            int size = Math.max(shape[d], 1);
            index[d] = flat % size;
            flat /= size;
        }
        return index;
    }

    static String show(Object value) {
        if (value instanceof String s) {
            return "\"" + s + "\"";
        }
        return String.valueOf(value);
    }

    static String abbreviate(List<?> list) {
        return list.size() <= 12 ? list.toString()
                : list.subList(0, 12) + " … (" + list.size() + " items)";
    }
}
