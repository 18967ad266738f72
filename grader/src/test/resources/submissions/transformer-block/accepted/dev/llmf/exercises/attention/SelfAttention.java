package dev.llmf.exercises.attention;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TensorMath;

import java.util.Arrays;

/** Exercise 4: scaled dot-product attention and multi-head self-attention. */
public class SelfAttention implements Attention {

    private final TensorMath math = new dev.llmf.exercises.tensors.TensorOps();

    public SelfAttention() {
    }

    @Override
    public Output scaledDotProduct(Tensor q, Tensor k, Tensor v, boolean causal) {
        if (q.rank() != 2 || k.rank() != 2 || v.rank() != 2) {
            throw new IllegalArgumentException("Q, K and V must be 2-D: " + Arrays.toString(q.shape()) + ", "
                    + Arrays.toString(k.shape()) + ", " + Arrays.toString(v.shape()));
        }
        if (q.size(1) != k.size(1)) {
            throw new IllegalArgumentException("Q " + Arrays.toString(q.shape()) + " and K "
                    + Arrays.toString(k.shape()) + " need the same width");
        }
        if (k.size(0) != v.size(0)) {
            throw new IllegalArgumentException("K " + Arrays.toString(k.shape()) + " and V "
                    + Arrays.toString(v.shape()) + " need the same number of rows");
        }
        int t = q.size(0);
        int s = k.size(0);
        if (causal && t != s) {
            throw new IllegalArgumentException("a causal mask needs T == S but Q is " + Arrays.toString(q.shape())
                    + " and K is " + Arrays.toString(k.shape()));
        }
        Tensor scores = math.matmul(q, math.transpose(k));
        float scale = (float) (1.0 / Math.sqrt(q.size(1)));
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < s; j++) {
                float score = scores.get2(i, j) * scale;
                scores.set2(i, j, causal && j > i ? Float.NEGATIVE_INFINITY : score);
            }
        }
        Tensor weights = math.softmax(scores);
        return new Output(math.matmul(weights, v), weights);
    }

    @Override
    public Output multiHead(Tensor x, Weights weights, Options options) {
        int t = x.size(0);
        int d = x.size(1);
        int heads = options.heads();
        if (d % heads != 0) {
            throw new IllegalArgumentException("d_model " + d + " is not divisible by " + heads + " heads");
        }
        int dh = d / heads;
        Tensor q = math.matmul(x, weights.wq());
        Tensor k = math.matmul(x, weights.wk());
        Tensor v = math.matmul(x, weights.wv());
        Tensor joined = Tensor.zeros(t, d);
        Tensor allWeights = Tensor.zeros(heads, t, t);
        for (int h = 0; h < heads; h++) {
            Tensor qh = columns(q, h * dh, dh);
            Tensor kh = columns(k, h * dh, dh);
            Tensor vh = columns(v, h * dh, dh);
            if (options.rotary()) {
                qh = rotate(qh);
                kh = rotate(kh);
            }
            Output head = scaledDotProduct(qh, kh, vh, options.causal());
            for (int i = 0; i < t; i++) {
                for (int c = 0; c < dh; c++) {
                    joined.set2(i, h * dh + c, head.output().get2(i, c));
                }
                for (int j = 0; j < t; j++) {
                    allWeights.set(head.weights().get2(i, j), h, i, j);
                }
            }
        }
        return new Output(math.matmul(joined, weights.wo()), allWeights);
    }

    private static Tensor columns(Tensor m, int from, int width) {
        Tensor out = Tensor.zeros(m.size(0), width);
        for (int i = 0; i < m.size(0); i++) {
            for (int c = 0; c < width; c++) {
                out.set2(i, c, m.get2(i, from + c));
            }
        }
        return out;
    }

    /** RoPE on one head's [T, d_h] slice: pair (2i, 2i+1) of row t turns by t · 10000^(−2i/d_h). */
    private static Tensor rotate(Tensor m) {
        int t = m.size(0);
        int d = m.size(1);
        Tensor out = Tensor.zeros(t, d);
        for (int row = 0; row < t; row++) {
            for (int i = 0; i < d / 2; i++) {
                double angle = row * Math.pow(10000.0, -2.0 * i / d);
                double a = m.get2(row, 2 * i);
                double b = m.get2(row, 2 * i + 1);
                out.set2(row, 2 * i, (float) (a * Math.cos(angle) - b * Math.sin(angle)));
                out.set2(row, 2 * i + 1, (float) (a * Math.sin(angle) + b * Math.cos(angle)));
            }
        }
        return out;
    }
}
