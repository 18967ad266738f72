package dev.llmf.reference.backend;

import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TransformerBlock;

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

    /**
     * Attention's inputs: {@code q [T, dk]}, {@code k [S, dk]}, {@code v [S, dv]} (each width a multiple of
     * {@code heads}); a causal mask needs {@code T == S}.
     */
    public static void requireAttentionShapes(Tensor q, Tensor k, Tensor v, int heads, boolean causal) {
        q.requireRank("Q", 2);
        k.requireRank("K", 2);
        v.requireRank("V", 2);
        if (q.size(1) != k.size(1)) {
            throw new IllegalArgumentException("Q " + Arrays.toString(q.shape()) + " and K "
                    + Arrays.toString(k.shape()) + " must have the same width d_k");
        }
        if (k.size(0) != v.size(0)) {
            throw new IllegalArgumentException("K " + Arrays.toString(k.shape()) + " and V "
                    + Arrays.toString(v.shape()) + " must have the same number of rows");
        }
        if (causal && q.size(0) != k.size(0)) {
            throw new IllegalArgumentException("a causal mask needs as many queries as keys, but Q is "
                    + Arrays.toString(q.shape()) + " and K is " + Arrays.toString(k.shape()));
        }
        if (heads < 1 || q.size(1) % heads != 0 || v.size(1) % heads != 0) {
            throw new IllegalArgumentException("Q " + Arrays.toString(q.shape()) + " and V "
                    + Arrays.toString(v.shape()) + " cannot be split into " + heads + " heads of equal width");
        }
    }

    /**
     * Every weight of a mini-GPT has the shape its role needs: per layer LayerNorm parameters {@code [d]}, the four
     * attention projections {@code [d, d]}, {@code w1 [d, h]} and {@code w2 [h, d]} with one hidden width h for all
     * layers (4·d in the contract's models).
     */
    public static void requireModelShapes(LanguageModel.Weights weights) {
        int d = weights.config().dModel();
        int hidden = weights.blocks().isEmpty() ? 0 : weights.blocks().getFirst().w1().size(-1);
        for (int l = 0; l < weights.blocks().size(); l++) {
            TransformerBlock.Weights b = weights.blocks().get(l);
            String layer = "layer " + l + ": ";
            b.ln1Gamma().requireShape(layer + "ln1Gamma", d);
            b.ln1Beta().requireShape(layer + "ln1Beta", d);
            b.attention().wq().requireShape(layer + "wq", d, d);
            b.attention().wk().requireShape(layer + "wk", d, d);
            b.attention().wv().requireShape(layer + "wv", d, d);
            b.attention().wo().requireShape(layer + "wo", d, d);
            b.ln2Gamma().requireShape(layer + "ln2Gamma", d);
            b.ln2Beta().requireShape(layer + "ln2Beta", d);
            b.w1().requireShape(layer + "w1", d, hidden);
            b.w2().requireShape(layer + "w2", hidden, d);
        }
    }
}
