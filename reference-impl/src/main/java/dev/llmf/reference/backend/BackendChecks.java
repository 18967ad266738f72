package dev.llmf.reference.backend;

import dev.llmf.contract.Tensor;

import java.util.Arrays;

/** The shape checks every backend makes before computing, so the CPU and GPU reject bad input with the same words. */
public final class BackendChecks {

    private BackendChecks() {
    }

    /** {@code a [m, k]} and {@code b [k, n]}. */
    public static void requireMultipliable(Tensor a, Tensor b) {
        a.requireRank("left matrix", 2);
        b.requireRank("right matrix", 2);
        if (a.size(1) != b.size(0)) {
            throw new IllegalArgumentException("cannot multiply " + Arrays.toString(a.shape()) + " by "
                    + Arrays.toString(b.shape()) + ": inner sizes " + a.size(1) + " and " + b.size(0) + " differ");
        }
    }

    public static void requireSameShape(String operation, Tensor a, Tensor b) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException("cannot " + operation + " shape " + Arrays.toString(a.shape())
                    + " and shape " + Arrays.toString(b.shape()) + ": shapes must be equal");
        }
    }

    /** A causal softmax masks a trailing {@code [T, T]} matrix, so the last two sizes must be equal. */
    public static void requireCausalSquare(Tensor x, boolean causal) {
        int height = x.rank() >= 2 ? x.size(-2) : 1;
        if (causal && height != x.size(-1)) {
            throw new IllegalArgumentException("a causal softmax needs square [T, T] scores but shape is "
                    + Arrays.toString(x.shape()));
        }
    }

    /** LayerNorm's scale and shift are {@code [d]} for {@code x [..., d]}. */
    public static void requireNormParameters(Tensor x, Tensor gamma, Tensor beta) {
        gamma.requireShape("gamma", x.size(-1));
        beta.requireShape("beta", x.size(-1));
    }
}
