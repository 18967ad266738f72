package dev.llmf.contract;

import java.util.Arrays;

/**
 * An n-dimensional array of {@code float}s: one flat buffer, a shape, and strides.
 *
 * <p>The element at index {@code (i0, i1, …)} lives at {@code data[offset + i0*strides[0] + i1*strides[1] + …]}.
 * A fresh tensor is <em>contiguous</em> (row-major): the last dimension moves fastest, so a {@code [2, 3]} tensor
 * has strides {@code [3, 1]}. Views ({@link #reshape}, {@link #row}, {@link #transpose}) share the buffer and only
 * change shape, strides and offset — no copying. Writing through a view changes the tensor it came from.
 *
 * <pre>{@code
 * Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);   // [[1, 2, 3], [4, 5, 6]]
 * t.get(1, 2);          // 6.0
 * t.row(1);             // view [4, 5, 6], shape [3]
 * t.reshape(3, 2);      // view [[1, 2], [3, 4], [5, 6]]
 * t.transpose(0, 1);    // view [[1, 4], [2, 5], [3, 6]], strides [1, 3]: not contiguous
 * }</pre>
 *
 * <p>Rank 0 (a scalar) is not supported: every tensor has at least one dimension, and every dimension is at
 * least 0 long. Shape mistakes throw {@link IllegalArgumentException} naming the shapes involved.
 */
public final class Tensor {

    private final float[] data;
    private final int[] shape;
    private final int[] strides;
    private final int offset;

    private Tensor(float[] data, int[] shape, int[] strides, int offset) {
        this.data = data;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    /** A new contiguous tensor of zeros, e.g. {@code zeros(2, 3)}. */
    public static Tensor zeros(int... shape) {
        int[] checked = checkShape(shape);
        return new Tensor(new float[numel(checked)], checked, contiguousStrides(checked), 0);
    }

    /**
     * A tensor over {@code data} (not copied: later writes to the array show through) with the given shape.
     *
     * @throws IllegalArgumentException if {@code data.length} is not the product of the shape
     */
    public static Tensor of(float[] data, int... shape) {
        int[] checked = checkShape(shape);
        if (data.length != numel(checked)) {
            throw new IllegalArgumentException(
                    "data of length " + data.length + " does not fill shape " + Arrays.toString(checked)
                            + " (" + numel(checked) + " elements)");
        }
        return new Tensor(data, checked, contiguousStrides(checked), 0);
    }

    /** A 2-D tensor copied from rows of equal length, e.g. {@code matrix(new float[][] {{1, 0}, {0, 1}})}. */
    public static Tensor matrix(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException(
                        "row " + r + " has length " + rows[r].length + " but row 0 has length " + cols);
            }
            System.arraycopy(rows[r], 0, flat, r * cols, cols);
        }
        return of(flat, rows.length, cols);
    }

    /** A 1-D tensor copied from the given values. */
    public static Tensor vector(float... values) {
        return of(values.clone(), values.length);
    }

    // ---- shape ----

    /** The shape, as a copy. */
    public int[] shape() {
        return shape.clone();
    }

    /** The strides, as a copy: how far to move in the buffer for one step along each dimension. */
    public int[] strides() {
        return strides.clone();
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Length of dimension {@code dim}; negative {@code dim} counts from the end ({@code size(-1)} is the last). */
    public int size(int dim) {
        return shape[normalizeDim(dim)];
    }

    /** Total number of elements. */
    public int numel() {
        return numel(shape);
    }

    /** True when the elements lie in row-major order with no gaps, so the buffer can be read straight through. */
    public boolean isContiguous() {
        return Arrays.equals(strides, contiguousStrides(shape)) || numel() <= 1;
    }

    /** True when both tensors have the same shape. */
    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    /**
     * Throws unless this tensor has exactly {@code expected} as its shape; {@code role} names it in the message,
     * e.g. {@code x.requireShape("gamma", 64)} → "gamma must have shape [64] but has shape [32]".
     */
    public Tensor requireShape(String role, int... expected) {
        if (!Arrays.equals(shape, expected)) {
            throw new IllegalArgumentException(role + " must have shape " + Arrays.toString(expected)
                    + " but has shape " + Arrays.toString(shape));
        }
        return this;
    }

    /** Throws unless this tensor has {@code expected} dimensions; {@code role} names it in the message. */
    public Tensor requireRank(String role, int expected) {
        if (shape.length != expected) {
            throw new IllegalArgumentException(role + " must be " + expected + "-D but has shape "
                    + Arrays.toString(shape));
        }
        return this;
    }

    // ---- elements ----

    /** The element at the given index, one number per dimension. */
    public float get(int... index) {
        return data[position(index)];
    }

    /** Writes one element; returns this tensor so calls can chain. */
    public Tensor set(float value, int... index) {
        data[position(index)] = value;
        return this;
    }

    /** Element {@code (i, j)} of a 2-D tensor, without the varargs array: for inner loops. */
    public float get2(int i, int j) {
        return data[offset + i * strides[0] + j * strides[1]];
    }

    /** Writes element {@code (i, j)} of a 2-D tensor. */
    public void set2(int i, int j, float value) {
        data[offset + i * strides[0] + j * strides[1]] = value;
    }

    // ---- views ----

    /**
     * The same elements seen with another shape (a view, no copy). One dimension may be {@code -1}: it is
     * inferred. Only a contiguous tensor can be reshaped; call {@link #contiguous()} first otherwise.
     */
    public Tensor reshape(int... newShape) {
        int[] resolved = inferShape(newShape);
        if (numel(resolved) != numel()) {
            throw new IllegalArgumentException("cannot reshape shape " + Arrays.toString(shape) + " ("
                    + numel() + " elements) to shape " + Arrays.toString(newShape) + " (" + numel(resolved)
                    + " elements)");
        }
        if (!isContiguous()) {
            throw new IllegalArgumentException("cannot reshape a non-contiguous tensor of shape "
                    + Arrays.toString(shape) + " with strides " + Arrays.toString(strides)
                    + "; call contiguous() first");
        }
        return new Tensor(data, resolved, contiguousStrides(resolved), offset);
    }

    /** Row {@code i} along the first dimension, as a view one rank lower ({@code [T, d]} → {@code [d]}). */
    public Tensor row(int i) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("row() needs at least 2 dimensions but shape is "
                    + Arrays.toString(shape));
        }
        checkIndex(0, i);
        return new Tensor(data, Arrays.copyOfRange(shape, 1, shape.length),
                Arrays.copyOfRange(strides, 1, strides.length), offset + i * strides[0]);
    }

    /**
     * Rows {@code from} (inclusive) to {@code to} (exclusive) along the first dimension, as a view of the same
     * rank: {@code x.rows(2, 5)} of a {@code [T, d]} tensor has shape {@code [3, d]}.
     */
    public Tensor rows(int from, int to) {
        if (from < 0 || to > shape[0] || from > to) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") out of range for shape "
                    + Arrays.toString(shape));
        }
        int[] newShape = shape.clone();
        newShape[0] = to - from;
        return new Tensor(data, newShape, strides.clone(), offset + from * strides[0]);
    }

    /** Swaps two dimensions (a view: only the strides move). */
    public Tensor transpose(int dimA, int dimB) {
        int a = normalizeDim(dimA);
        int b = normalizeDim(dimB);
        int[] newShape = shape.clone();
        int[] newStrides = strides.clone();
        newShape[a] = shape[b];
        newShape[b] = shape[a];
        newStrides[a] = strides[b];
        newStrides[b] = strides[a];
        return new Tensor(data, newShape, newStrides, offset);
    }

    // ---- copies ----

    /** This tensor if already contiguous, else a contiguous copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : copy();
    }

    /** A contiguous deep copy. */
    public Tensor copy() {
        return of(toArray(), shape.clone());
    }

    /** The elements in row-major order, as a new array. */
    public float[] toArray() {
        float[] out = new float[numel()];
        if (isContiguous()) {
            System.arraycopy(data, offset, out, 0, out.length);
            return out;
        }
        int[] index = new int[shape.length];
        for (int n = 0; n < out.length; n++) {
            out[n] = data[position(index)];
            increment(index);
        }
        return out;
    }

    /**
     * The backing buffer itself, for fast code that walks it with {@link #offset()} and {@link #strides()}.
     * Prefer {@link #get}/{@link #toArray} when learning.
     */
    public float[] data() {
        return data;
    }

    /** Where element {@code (0, 0, …)} sits in {@link #data()}. */
    public int offset() {
        return offset;
    }

    /** Shape and values, e.g. {@code Tensor[2, 2] [[1.0, 2.0], [3.0, 4.0]]}; long tensors are abbreviated. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("Tensor").append(Arrays.toString(shape)).append(' ');
        float[] values = toArray();
        int shown = Math.min(values.length, 64);
        appendNested(out, values, 0, 0, shown);
        if (shown < values.length) {
            out.append(" … (").append(values.length).append(" elements)");
        }
        return out.toString();
    }

    // ---- helpers ----

    private int appendNested(StringBuilder out, float[] values, int dim, int start, int limit) {
        out.append('[');
        int pos = start;
        for (int i = 0; i < shape[dim] && pos < limit; i++) {
            if (i > 0) {
                out.append(", ");
            }
            if (dim == shape.length - 1) {
                out.append(values[pos++]);
            } else {
                pos = appendNested(out, values, dim + 1, pos, limit);
            }
        }
        out.append(']');
        return pos;
    }

    private int position(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has " + index.length
                    + " numbers but shape " + Arrays.toString(shape) + " has " + shape.length + " dimensions");
        }
        int pos = offset;
        for (int d = 0; d < index.length; d++) {
            checkIndex(d, index[d]);
            pos += index[d] * strides[d];
        }
        return pos;
    }

    private void checkIndex(int dim, int i) {
        if (i < 0 || i >= shape[dim]) {
            throw new IndexOutOfBoundsException("index " + i + " out of range for dimension " + dim
                    + " of shape " + Arrays.toString(shape));
        }
    }

    private void increment(int[] index) {
        for (int d = index.length - 1; d >= 0; d--) {
            if (++index[d] < shape[d]) {
                return;
            }
            index[d] = 0;
        }
    }

    private int normalizeDim(int dim) {
        int d = dim < 0 ? dim + shape.length : dim;
        if (d < 0 || d >= shape.length) {
            throw new IllegalArgumentException("dimension " + dim + " out of range for shape "
                    + Arrays.toString(shape));
        }
        return d;
    }

    private int[] inferShape(int[] newShape) {
        int[] resolved = newShape.clone();
        int inferred = -1;
        int known = 1;
        for (int d = 0; d < resolved.length; d++) {
            if (resolved[d] == -1 && inferred < 0) {
                inferred = d;
            } else if (resolved[d] < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(newShape)
                        + " may contain at most one -1 and no other negative sizes");
            } else {
                known *= resolved[d];
            }
        }
        if (inferred >= 0) {
            if (known == 0 || numel() % known != 0) {
                throw new IllegalArgumentException("cannot reshape shape " + Arrays.toString(shape)
                        + " to shape " + Arrays.toString(newShape));
            }
            resolved[inferred] = numel() / known;
        }
        return checkShape(resolved);
    }

    private static int[] checkShape(int[] shape) {
        if (shape.length == 0) {
            throw new IllegalArgumentException("shape must have at least one dimension");
        }
        long total = 1;
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative size");
            }
            total *= s;
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
            }
        }
        return shape.clone();
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    private static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int step = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = step;
            step *= Math.max(shape[d], 1);
        }
        return strides;
    }
}
