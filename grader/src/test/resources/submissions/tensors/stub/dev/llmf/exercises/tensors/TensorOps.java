package dev.llmf.exercises.tensors;

import dev.llmf.contract.Tensor;
import dev.llmf.contract.TensorMath;

/**
 * Exercise 1: the four tensor operations every later exercise builds on.
 *
 * <p>Start with {@code exercises/01-tensors/README.md}; the exact rule for each method is in the Javadoc of
 * {@link TensorMath}. Read inputs through {@link Tensor#get} / {@link Tensor#get2} / {@link Tensor#toArray()}:
 * they may be views whose elements are not laid out row by row in the buffer.
 */
public class TensorOps implements TensorMath {

    /** Creates the operations; they keep no state. */
    public TensorOps() {
    }

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        throw new UnsupportedOperationException(
                "TODO: check a is [m, k] and b is [k, n], then C[i][j] = sum over p of a[i][p] * b[p][j]");
    }

    @Override
    public Tensor transpose(Tensor a) {
        throw new UnsupportedOperationException("TODO: build a new [n, m] tensor with out[j][i] = a[i][j]");
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        throw new UnsupportedOperationException("TODO: check the shapes match, then add element by element");
    }

    @Override
    public Tensor softmax(Tensor x) {
        throw new UnsupportedOperationException(
                "TODO: for each last-dimension row, subtract its max, exponentiate, divide by the sum");
    }
}
