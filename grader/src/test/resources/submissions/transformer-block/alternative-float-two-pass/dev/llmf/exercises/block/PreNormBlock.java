package dev.llmf.exercises.block;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TensorMath;
import dev.llmf.contract.TransformerBlock;
import dev.llmf.exercises.attention.SelfAttention;
import dev.llmf.exercises.tensors.TensorOps;

/**
 * A correct solution written differently: LayerNorm's statistics in float, in two passes (mean first, then the
 * squared deviations), which the contract allows; GELU in float with Math.tanh.
 */
public class PreNormBlock implements TransformerBlock {

    private static final float C = (float) Math.sqrt(2 / Math.PI);

    private final TensorMath ops = new TensorOps();
    private final Attention attention = new SelfAttention();

    @Override
    public Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta) {
        float[] v = x.toArray();
        float[] g = gamma.toArray();
        float[] b = beta.toArray();
        int d = x.size(-1);
        for (int start = 0; d > 0 && start < v.length; start += d) {
            float mean = 0f;
            for (int i = start; i < start + d; i++) {
                mean += v[i];
            }
            mean /= d;
            float var = 0f;
            for (int i = start; i < start + d; i++) {
                var += (v[i] - mean) * (v[i] - mean);
            }
            var /= d;
            float inv = 1f / (float) Math.sqrt(var + LAYER_NORM_EPSILON);
            for (int i = start; i < start + d; i++) {
                v[i] = (v[i] - mean) * inv * g[i - start] + b[i - start];
            }
        }
        return Tensor.of(v, x.shape());
    }

    @Override
    public Tensor gelu(Tensor x) {
        float[] v = x.toArray();
        for (int i = 0; i < v.length; i++) {
            float z = v[i];
            v[i] = 0.5f * z * (1f + (float) Math.tanh(C * (z + 0.044715f * z * z * z)));
        }
        return Tensor.of(v, x.shape());
    }

    @Override
    public Tensor feedForward(Tensor x, Tensor w1, Tensor w2) {
        Tensor hidden = gelu(ops.matmul(x, w1));
        return ops.matmul(hidden, w2);
    }

    @Override
    public Tensor forward(Tensor x, Weights w, Attention.Options options) {
        Tensor a = attention.multiHead(layerNorm(x, w.ln1Gamma(), w.ln1Beta()), w.attention(), options).output();
        Tensor h = ops.add(x, a);
        Tensor f = feedForward(layerNorm(h, w.ln2Gamma(), w.ln2Beta()), w.w1(), w.w2());
        return ops.add(h, f);
    }
}
