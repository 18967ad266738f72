package dev.llmf.exercises.attention;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TensorMath;
import dev.llmf.exercises.tensors.TensorOps;

import java.util.Arrays;

/**
 * A correct solution written differently: each head's columns are a view (transpose, rows, transpose back), the
 * mask is applied by computing each row's softmax over its first i + 1 scores only, and exercise 1 does the rest.
 */
public class SelfAttention implements Attention {

    private final TensorMath ops = new TensorOps();

    @Override
    public Output scaledDotProduct(Tensor q, Tensor k, Tensor v, boolean causal) {
        if (q.rank() != 2 || k.rank() != 2 || v.rank() != 2) {
            throw new IllegalArgumentException("2-D tensors only: " + Arrays.toString(q.shape()) + " "
                    + Arrays.toString(k.shape()) + " " + Arrays.toString(v.shape()));
        }
        if (q.size(1) != k.size(1) || k.size(0) != v.size(0)) {
            throw new IllegalArgumentException("Q " + Arrays.toString(q.shape()) + ", K " + Arrays.toString(k.shape())
                    + " and V " + Arrays.toString(v.shape()) + " do not fit together");
        }
        if (causal && q.size(0) != k.size(0)) {
            throw new IllegalArgumentException("causal attention needs as many queries as keys: T = " + q.size(0)
                    + ", S = " + k.size(0));
        }
        Tensor scores = ops.matmul(q, ops.transpose(k));
        int t = scores.size(0), s = scores.size(1);
        float scale = (float) (1 / Math.sqrt(q.size(1)));
        Tensor weights = Tensor.zeros(t, s);
        for (int i = 0; i < t; i++) {
            int visible = causal ? i + 1 : s;
            float[] row = new float[visible];
            for (int j = 0; j < visible; j++) {
                row[j] = scores.get2(i, j) * scale;
            }
            Tensor p = ops.softmax(Tensor.of(row, visible));
            for (int j = 0; j < visible; j++) {
                weights.set2(i, j, p.get(j));
            }
        }
        return new Output(ops.matmul(weights, v), weights);
    }

    @Override
    public Output multiHead(Tensor x, Weights w, Options options) {
        int d = x.size(1), heads = options.heads();
        if (d % heads != 0) {
            throw new IllegalArgumentException(heads + " heads do not divide d_model = " + d);
        }
        int t = x.size(0), dh = d / heads;
        Tensor q = ops.matmul(x, w.wq()), k = ops.matmul(x, w.wk()), v = ops.matmul(x, w.wv());
        Tensor joined = Tensor.zeros(t, d);
        Tensor weights = Tensor.zeros(heads, t, t);
        for (int h = 0; h < heads; h++) {
            Tensor qh = block(q, h, dh), kh = block(k, h, dh);
            if (options.rotary()) {
                qh = rotate(qh);
                kh = rotate(kh);
            }
            Output head = scaledDotProduct(qh, kh, block(v, h, dh), options.causal());
            Tensor target = block(joined, h, dh);          // a view: writing it fills joined's columns
            for (int i = 0; i < t; i++) {
                for (int c = 0; c < dh; c++) {
                    target.set2(i, c, head.output().get2(i, c));
                }
            }
            float[] hw = head.weights().toArray();
            System.arraycopy(hw, 0, weights.data(), h * t * t, hw.length);
        }
        return new Output(ops.matmul(joined, w.wo()), weights);
    }

    /** Columns [h·dh, (h+1)·dh) of m, as a view. */
    private static Tensor block(Tensor m, int h, int dh) {
        return m.transpose(0, 1).rows(h * dh, (h + 1) * dh).transpose(0, 1);
    }

    private static Tensor rotate(Tensor m) {
        int t = m.size(0), d = m.size(1);
        Tensor out = Tensor.zeros(t, d);
        for (int row = 0; row < t; row++) {
            for (int i = 0; i < d; i += 2) {
                double angle = row / Math.pow(10000.0, (double) i / d);
                float cos = (float) Math.cos(angle), sin = (float) Math.sin(angle);
                float a = m.get2(row, i), b = m.get2(row, i + 1);
                out.set2(row, i, a * cos - b * sin);
                out.set2(row, i + 1, a * sin + b * cos);
            }
        }
        return out;
    }
}
