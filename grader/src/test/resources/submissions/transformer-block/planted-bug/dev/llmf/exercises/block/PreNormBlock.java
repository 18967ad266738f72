package dev.llmf.exercises.block;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TensorMath;
import dev.llmf.contract.TransformerBlock;

/** Exercise 5: LayerNorm, GELU, the feed-forward network and the pre-norm block. */
public class PreNormBlock implements TransformerBlock {

    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    private final Attention attention = new dev.llmf.exercises.attention.SelfAttention();
    private final TensorMath math = new dev.llmf.exercises.tensors.TensorOps();

    public PreNormBlock() {
    }

    @Override
    public Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta) {
        int rows = x.size(0);
        int d = x.size(1);
        Tensor out = Tensor.zeros(rows, d);
        for (int r = 0; r < rows; r++) {
            double mean = 0;
            for (int c = 0; c < d; c++) {
                mean += x.get2(r, c);
            }
            mean /= d;
            double variance = 0;
            for (int c = 0; c < d; c++) {
                double dev = x.get2(r, c) - mean;
                variance += dev * dev;
            }
            variance /= d - 1;
            double inv = 1 / Math.sqrt(variance + LAYER_NORM_EPSILON);
            for (int c = 0; c < d; c++) {
                out.set2(r, c, (float) ((x.get2(r, c) - mean) * inv * gamma.get(c) + beta.get(c)));
            }
        }
        return out;
    }

    @Override
    public Tensor gelu(Tensor x) {
        float[] v = x.toArray();
        for (int i = 0; i < v.length; i++) {
            double z = v[i];
            v[i] = (float) (0.5 * z * (1 + Math.tanh(SQRT_2_OVER_PI * (z + 0.044715 * z * z * z))));
        }
        return Tensor.of(v, x.shape());
    }

    @Override
    public Tensor feedForward(Tensor x, Tensor w1, Tensor w2) {
        return math.matmul(gelu(math.matmul(x, w1)), w2);
    }

    @Override
    public Tensor forward(Tensor x, Weights weights, Attention.Options options) {
        Tensor normed = layerNorm(x, weights.ln1Gamma(), weights.ln1Beta());
        Tensor h = math.add(x, attention.multiHead(normed, weights.attention(), options).output());
        Tensor normed2 = layerNorm(h, weights.ln2Gamma(), weights.ln2Beta());
        return math.add(h, feedForward(normed2, weights.w1(), weights.w2()));
    }
}
