package dev.llmf.reference.training;

import dev.llmf.contract.Attention;
import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TransformerBlock;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each weight of a mini-GPT lives in one flat array of parameters (and of gradients and AdamW moments, which
 * share the layout): the token embedding, the learned position table (LEARNED only), per layer LN1, wq, wk, wv, wo,
 * LN2, w1, w2, then the final LayerNorm — each row-major, in the shapes of {@link LanguageModel.Weights}.
 */
public final class ParameterLayout {

    /** One named weight: {@code size} numbers from {@code offset}, read as {@code shape}. */
    public record Slice(String name, int offset, int[] shape) {
        public int size() {
            int n = 1;
            for (int s : shape) {
                n *= s;
            }
            return n;
        }

        /** Matrices get weight decay; LayerNorm gains and shifts (vectors) do not. */
        public boolean decays() {
            return shape.length == 2;
        }
    }

    /** One block's offsets. */
    public record Block(int ln1Gamma, int ln1Beta, int wq, int wk, int wv, int wo, int ln2Gamma, int ln2Beta,
                        int w1, int w2) {
    }

    private final LanguageModel.Config config;
    private final List<Slice> slices = new ArrayList<>();
    private final List<Block> blocks = new ArrayList<>();
    private final int tokenEmbedding;
    private final int positionTable;
    private final int finalGamma;
    private final int finalBeta;
    private int size;

    public ParameterLayout(LanguageModel.Config config) {
        this.config = config;
        int d = config.dModel();
        int v = config.vocabSize();
        tokenEmbedding = add("tokenEmbedding", v, d);
        positionTable = config.positional() == LanguageModel.Positional.LEARNED
                ? add("positionTable", config.contextLength(), d) : -1;
        for (int l = 0; l < config.layers(); l++) {
            String p = "block" + l + ".";
            blocks.add(new Block(add(p + "ln1Gamma", d), add(p + "ln1Beta", d), add(p + "wq", d, d),
                    add(p + "wk", d, d), add(p + "wv", d, d), add(p + "wo", d, d), add(p + "ln2Gamma", d),
                    add(p + "ln2Beta", d), add(p + "w1", d, 4 * d), add(p + "w2", 4 * d, d)));
        }
        finalGamma = add("finalGamma", d);
        finalBeta = add("finalBeta", d);
    }

    private int add(String name, int... shape) {
        Slice slice = new Slice(name, size, shape);
        slices.add(slice);
        size = Math.addExact(size, slice.size());
        return slice.offset();
    }

    public LanguageModel.Config config() {
        return config;
    }

    /** How many numbers the whole model has. */
    public int size() {
        return size;
    }

    public List<Slice> slices() {
        return List.copyOf(slices);
    }

    public Block block(int layer) {
        return blocks.get(layer);
    }

    public int tokenEmbedding() {
        return tokenEmbedding;
    }

    /** The learned position table's offset, or -1 when positions are not learned. */
    public int positionTable() {
        return positionTable;
    }

    public int finalGamma() {
        return finalGamma;
    }

    public int finalBeta() {
        return finalBeta;
    }

    /** The contract's weights as one flat array in this layout, widened to double. */
    public double[] flatten(LanguageModel.Weights weights) {
        if (!weights.config().equals(config)) {
            throw new IllegalArgumentException("weights of " + weights.config() + " do not fit a layout of " + config);
        }
        double[] out = new double[size];
        List<Tensor> tensors = tensors(weights);
        for (int i = 0; i < slices.size(); i++) {
            float[] values = tensors.get(i).contiguous().toArray();
            for (int j = 0; j < values.length; j++) {
                out[slices.get(i).offset() + j] = values[j];
            }
        }
        return out;
    }

    /** The flat parameters as the contract's weights, rounded to float. */
    public LanguageModel.Weights weights(double[] flat) {
        if (flat.length != size) {
            throw new IllegalArgumentException("expected " + size + " parameters but got " + flat.length);
        }
        List<TransformerBlock.Weights> blockWeights = new ArrayList<>();
        for (Block b : blocks) {
            int d = config.dModel();
            blockWeights.add(new TransformerBlock.Weights(tensor(flat, b.ln1Gamma(), d), tensor(flat, b.ln1Beta(), d),
                    new Attention.Weights(tensor(flat, b.wq(), d, d), tensor(flat, b.wk(), d, d),
                            tensor(flat, b.wv(), d, d), tensor(flat, b.wo(), d, d)),
                    tensor(flat, b.ln2Gamma(), d), tensor(flat, b.ln2Beta(), d), tensor(flat, b.w1(), d, 4 * d),
                    tensor(flat, b.w2(), 4 * d, d)));
        }
        int d = config.dModel();
        return new LanguageModel.Weights(config, tensor(flat, tokenEmbedding, config.vocabSize(), d),
                positionTable < 0 ? null : tensor(flat, positionTable, config.contextLength(), d), blockWeights,
                tensor(flat, finalGamma, d), tensor(flat, finalBeta, d));
    }

    // The tensors of the weights, in the order of the slices.
    private List<Tensor> tensors(LanguageModel.Weights w) {
        List<Tensor> out = new ArrayList<>();
        out.add(w.tokenEmbedding());
        if (positionTable >= 0) {
            out.add(w.positionTable());
        }
        for (TransformerBlock.Weights b : w.blocks()) {
            out.addAll(List.of(b.ln1Gamma(), b.ln1Beta(), b.attention().wq(), b.attention().wk(), b.attention().wv(),
                    b.attention().wo(), b.ln2Gamma(), b.ln2Beta(), b.w1(), b.w2()));
        }
        out.add(w.finalGamma());
        out.add(w.finalBeta());
        for (int i = 0; i < out.size(); i++) {
            out.get(i).requireShape(slices.get(i).name(), slices.get(i).shape());
        }
        return out;
    }

    private static Tensor tensor(double[] flat, int offset, int... shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) flat[offset + i];
        }
        return Tensor.of(values, shape);
    }
}
