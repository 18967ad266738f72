package dev.llmf.reference.training;

import dev.llmf.contract.LanguageModel;

import java.util.Arrays;

/**
 * The mini-GPT of {@link LanguageModel} on one sequence, in double, with the activations its backward pass needs:
 *
 * <pre>
 *   x = E[ids] + positions                       (LEARNED, SINUSOIDAL; RoPE turns q and k instead)
 *   per layer:  a = LN1(x);  x += Attn(a·wq, a·wk, a·wv)·wo
 *               c = LN2(x);  x += GELU(c·w1)·w2
 *   logits = LN_f(x)·Eᵀ                          (the embedding is tied)
 *   loss   = Σ_t −log softmax(logits_t)[target_t] · weight
 * </pre>
 *
 * <p>{@link #lossAndGradients} runs the forward and then the chain rule backwards through every step, adding the
 * gradients of every parameter to an array in the {@link ParameterLayout}. One instance per thread: it owns buffers
 * for a whole context.
 */
final class SequencePass {

    private final ParameterLayout layout;
    private final int d;
    private final int hidden;
    private final int vocab;
    private final int layers;
    private final PositionLayer positions;
    private final CausalAttentionLayer attention;

    // per layer: LN1 (x̂, 1/σ, output), q, k, v, attention weights, heads' output; LN2 (x̂, 1/σ, output),
    // the feed-forward's pre-activation u, GELU(u) and the tanh inside it
    private final double[][] xhat1, rstd1, a1, q, k, v, probs, heads, xhat2, rstd2, a2, u, g, tanh;
    private final double[] xhatF, rstdF, f, logits;
    private final double[] x, dx, dA, dU, dQ, dK, dV, scratch;

    SequencePass(ParameterLayout layout) {
        this.layout = layout;
        LanguageModel.Config config = layout.config();
        d = config.dModel();
        hidden = 4 * d;
        vocab = config.vocabSize();
        layers = config.layers();
        int n = config.contextLength();
        positions = new PositionLayer(config);
        attention = new CausalAttentionLayer(d, config.heads());
        xhat1 = new double[layers][n * d];
        rstd1 = new double[layers][n];
        a1 = new double[layers][n * d];
        q = new double[layers][n * d];
        k = new double[layers][n * d];
        v = new double[layers][n * d];
        probs = new double[layers][config.heads() * n * n];
        heads = new double[layers][n * d];
        xhat2 = new double[layers][n * d];
        rstd2 = new double[layers][n];
        a2 = new double[layers][n * d];
        u = new double[layers][n * hidden];
        g = new double[layers][n * hidden];
        tanh = new double[layers][n * hidden];
        xhatF = new double[n * d];
        rstdF = new double[n];
        f = new double[n * d];
        logits = new double[n * vocab];
        x = new double[n * d];
        dx = new double[n * d];
        dA = new double[n * d];
        dU = new double[n * hidden];
        dQ = new double[n * d];
        dK = new double[n * d];
        dV = new double[n * d];
        scratch = new double[n * n];
    }

    /** The summed cross-entropy of {@code targets} after {@code ids} (no gradients). */
    double loss(double[] params, int[] ids, int[] targets) {
        forward(params, ids);
        return crossEntropy(ids.length, targets, 0, null);
    }

    /** The logits {@code [n, V]} for {@code ids}, row-major (a new array). */
    double[] logits(double[] params, int[] ids) {
        forward(params, ids);
        return Arrays.copyOf(logits, ids.length * vocab);
    }

    /**
     * {@code weight ·} the summed cross-entropy; adds {@code weight ·} its gradient with respect to every parameter
     * to {@code grads}. A batch passes {@code weight = 1 / (its number of targets)} to get the mean.
     */
    double lossAndGradients(double[] params, int[] ids, int[] targets, double weight, double[] grads) {
        forward(params, ids);
        int n = ids.length;
        double loss = crossEntropy(n, targets, weight, logits);     // logits now hold dL/dlogits
        backward(params, ids, grads);
        return loss * weight;
    }

    private void forward(double[] params, int[] ids) {
        int n = ids.length;
        if (n < 1 || n > layout.config().contextLength()) {
            throw new IllegalArgumentException("a sequence holds 1 to " + layout.config().contextLength()
                    + " tokens but got " + n);
        }
        embed(params, ids);
        for (int l = 0; l < layers; l++) {
            ParameterLayout.Block b = layout.block(l);
            LayerNormLayer.forward(x, n, d, params, b.ln1Gamma(), b.ln1Beta(), xhat1[l], rstd1[l], a1[l]);
            project(a1[l], params, b.wq(), d, q[l], n);
            project(a1[l], params, b.wk(), d, k[l], n);
            project(a1[l], params, b.wv(), d, v[l], n);
            if (positions.rotates()) {
                positions.rotate(q[l], n);
                positions.rotate(k[l], n);
            }
            attention.forward(q[l], k[l], v[l], n, probs[l], heads[l]);
            Dense.addProduct(heads[l], 0, d, params, b.wo(), d, x, 0, d, n, d, d);
            LayerNormLayer.forward(x, n, d, params, b.ln2Gamma(), b.ln2Beta(), xhat2[l], rstd2[l], a2[l]);
            project(a2[l], params, b.w1(), hidden, u[l], n);
            GeluLayer.forward(u[l], g[l], tanh[l], n * hidden);
            Dense.addProduct(g[l], 0, hidden, params, b.w2(), d, x, 0, d, n, hidden, d);
        }
        LayerNormLayer.forward(x, n, d, params, layout.finalGamma(), layout.finalBeta(), xhatF, rstdF, f);
        Arrays.fill(logits, 0, n * vocab, 0);
        Dense.addProductTransposedB(f, 0, d, params, layout.tokenEmbedding(), d, logits, 0, vocab, n, d, vocab);
    }

    // x = E[ids] + the position table (if any). The loops over tokens live here and in the other leaf methods,
    // not in forward and backward: a method with no loop of its own stays in the JIT's quick tier, so the optimising
    // compiler (one thread, sharing the cores with the training) compiles each leaf once instead of recompiling the
    // whole pass with every leaf inlined, which kept one of two cores busy through a short run's first second.
    private void embed(double[] params, int[] ids) {
        double[] table = layout.positionTable() >= 0 ? params : positions.sinusoidal();
        int tableAt = layout.positionTable() >= 0 ? layout.positionTable() : 0;
        for (int t = 0; t < ids.length; t++) {
            if (ids[t] < 0 || ids[t] >= vocab) {
                throw new IllegalArgumentException("token id " + ids[t] + " at position " + t
                        + " is outside the vocabulary [0, " + vocab + ")");
            }
            System.arraycopy(params, layout.tokenEmbedding() + ids[t] * d, x, t * d, d);
            if (table != null) {
                for (int c = 0; c < d; c++) {
                    x[t * d + c] += table[tableAt + t * d + c];
                }
            }
        }
    }

    // out[n, width] = in[n, d] · W[d, width]
    private void project(double[] in, double[] params, int w, int width, double[] out, int n) {
        Arrays.fill(out, 0, n * width, 0);
        Dense.addProduct(in, 0, d, params, w, width, out, 0, width, n, d, width);
    }

    // The summed −log p(target) over n rows; with gradientOut != null, writes weight·(softmax − onehot) there.
    private double crossEntropy(int n, int[] targets, double weight, double[] gradientOut) {
        double total = 0;
        for (int t = 0; t < n; t++) {
            if (targets[t] < 0 || targets[t] >= vocab) {
                throw new IllegalArgumentException("target " + targets[t] + " at position " + t
                        + " is outside the vocabulary [0, " + vocab + ")");
            }
            int row = t * vocab;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < vocab; j++) {
                max = Math.max(max, logits[row + j]);
            }
            double sum = 0;
            for (int j = 0; j < vocab; j++) {
                sum += Math.exp(logits[row + j] - max);
            }
            double logSum = max + Math.log(sum);
            total += logSum - logits[row + targets[t]];
            if (gradientOut != null) {
                for (int j = 0; j < vocab; j++) {
                    gradientOut[row + j] = Math.exp(logits[row + j] - logSum) * weight;
                }
                gradientOut[row + targets[t]] -= weight;
            }
        }
        return total;
    }

    // logits hold dL/dlogits; adds every parameter's gradient to grads.
    private void backward(double[] params, int[] ids, double[] grads) {
        int n = ids.length;
        int embedding = layout.tokenEmbedding();
        // logits = f·Eᵀ: dE += dlogitsᵀ·f, df = dlogits·E
        Dense.addProductTransposedA(logits, 0, vocab, f, 0, d, grads, embedding, d, n, vocab, d);
        Arrays.fill(dA, 0, n * d, 0);
        Dense.addProduct(logits, 0, vocab, params, embedding, d, dA, 0, d, n, vocab, d);
        Arrays.fill(dx, 0, n * d, 0);
        LayerNormLayer.backward(dA, xhatF, rstdF, n, d, params, grads, layout.finalGamma(), layout.finalBeta(), dx);
        for (int l = layers - 1; l >= 0; l--) {
            ParameterLayout.Block b = layout.block(l);
            // x += GELU(c·w1)·w2
            Dense.addProductTransposedA(g[l], 0, hidden, dx, 0, d, grads, b.w2(), d, n, hidden, d);
            Arrays.fill(dU, 0, n * hidden, 0);
            Dense.addProductTransposedB(dx, 0, d, params, b.w2(), d, dU, 0, hidden, n, d, hidden);
            GeluLayer.backwardInPlace(u[l], tanh[l], dU, n * hidden);
            Dense.addProductTransposedA(a2[l], 0, d, dU, 0, hidden, grads, b.w1(), hidden, n, d, hidden);
            Arrays.fill(dA, 0, n * d, 0);
            Dense.addProductTransposedB(dU, 0, hidden, params, b.w1(), hidden, dA, 0, d, n, hidden, d);
            LayerNormLayer.backward(dA, xhat2[l], rstd2[l], n, d, params, grads, b.ln2Gamma(), b.ln2Beta(), dx);
            // x += Attn(a·wq, a·wk, a·wv)·wo
            Dense.addProductTransposedA(heads[l], 0, d, dx, 0, d, grads, b.wo(), d, n, d, d);
            Arrays.fill(dA, 0, n * d, 0);
            Dense.addProductTransposedB(dx, 0, d, params, b.wo(), d, dA, 0, d, n, d, d);
            attention.backward(q[l], k[l], v[l], probs[l], n, dA, dQ, dK, dV, scratch);
            if (positions.rotates()) {
                positions.rotateBack(dQ, n);
                positions.rotateBack(dK, n);
            }
            Arrays.fill(dA, 0, n * d, 0);
            projectBack(a1[l], dQ, params, b.wq(), grads, n);
            projectBack(a1[l], dK, params, b.wk(), grads, n);
            projectBack(a1[l], dV, params, b.wv(), grads, n);
            LayerNormLayer.backward(dA, xhat1[l], rstd1[l], n, d, params, grads, b.ln1Gamma(), b.ln1Beta(), dx);
        }
        embedBack(ids, grads);
    }

    // x = E[ids] + table: dE[ids[t]] += dx[t], dtable[t] += dx[t] (learned positions only)
    private void embedBack(int[] ids, double[] grads) {
        int embedding = layout.tokenEmbedding();
        int table = layout.positionTable();
        for (int t = 0; t < ids.length; t++) {
            for (int c = 0; c < d; c++) {
                grads[embedding + ids[t] * d + c] += dx[t * d + c];
                if (table >= 0) {
                    grads[table + t * d + c] += dx[t * d + c];
                }
            }
        }
    }

    // out = in·W: dW += inᵀ·dOut, dA += dOut·Wᵀ
    private void projectBack(double[] in, double[] dOut, double[] params, int w, double[] grads, int n) {
        Dense.addProductTransposedA(in, 0, d, dOut, 0, d, grads, w, d, n, d, d);
        Dense.addProductTransposedB(dOut, 0, d, params, w, d, dA, 0, d, n, d, d);
    }
}
