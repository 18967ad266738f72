package dev.llmf.contract;

/**
 * Exercise 1 — the tensor operations every later exercise is built from.
 *
 * <p>All methods return new tensors and leave their inputs untouched. Inputs may be views (non-contiguous);
 * read them through {@link Tensor#get} or {@link Tensor#toArray()}, not through {@link Tensor#data()} alone.
 */
public interface TensorMath {

    /**
     * Matrix product {@code C = A · B}: {@code C[i][j] = Σ_p A[i][p] · B[p][j]}.
     *
     * @param a shape {@code [m, k]}
     * @param b shape {@code [k, n]}
     * @return shape {@code [m, n]}
     * @throws IllegalArgumentException if either is not 2-D or the inner sizes differ; the message names both
     *                                  shapes, e.g. "cannot multiply [2, 3] by [4, 5]: inner sizes 3 and 4 differ"
     */
    Tensor matmul(Tensor a, Tensor b);

    /**
     * The transpose of a 2-D tensor, as a new contiguous tensor: {@code [m, n]} → {@code [n, m]}.
     *
     * @throws IllegalArgumentException if {@code a} is not 2-D (the message names its shape)
     */
    Tensor transpose(Tensor a);

    /**
     * Element-wise sum of two tensors of the same shape.
     *
     * @throws IllegalArgumentException if the shapes differ (the message names both)
     */
    Tensor add(Tensor a, Tensor b);

    /**
     * Softmax along the last dimension, for a tensor of any rank:
     * {@code y_i = exp(x_i − m) / Σ_j exp(x_j − m)} with {@code m = max_j x_j} of that row.
     *
     * <p>Subtracting the row maximum changes nothing mathematically but keeps {@code exp} from overflowing:
     * logits like {@code [1000, 999]} must give {@code [0.7311, 0.2689]}, not NaN. An entry of
     * {@code -Infinity} gets probability exactly 0 (that is how masks work). Every row must hold at least one
     * finite value. Each output row sums to 1 (within float rounding). Entries must be finite or −∞: a row with
     * {@code +Infinity} or NaN (e.g. {@code [+∞, 0]}) has no defined result and is not graded.
     *
     * <p>Example: {@code softmax([2.0, 1.0, 0.5, 0.0]) = [0.579259, 0.213097, 0.129250, 0.078394]}.
     */
    Tensor softmax(Tensor x);
}
