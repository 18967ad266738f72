package dev.llmf.exercises.minigpt;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Embeddings;
import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Sampler;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TensorMath;
import dev.llmf.contract.TransformerBlock;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A correct solution written differently: the projection multiplies by a transposed VIEW of the embedding (no copy),
 * the learned positions are a rows(0, T) view, and generation grows one array.
 */
public class MiniGpt implements LanguageModel {

    private final Embeddings embeddings = new dev.llmf.exercises.embeddings.PositionalEmbeddings();
    private final TransformerBlock block = new dev.llmf.exercises.block.PreNormBlock();
    private final Sampler sampler = new dev.llmf.exercises.sampler.TokenSampler();
    private final TensorMath math = new dev.llmf.exercises.tensors.TensorOps();

    @Override
    public Tensor forward(Weights w, int[] tokens) {
        int t = tokens.length;
        Config c = w.config();
        if (t == 0 || t > c.contextLength()) {
            throw new IllegalArgumentException("forward needs 1.." + c.contextLength() + " tokens, got " + t);
        }
        Tensor x = embeddings.lookup(w.tokenEmbedding(), tokens);
        Tensor positions = switch (c.positional()) {
            case LEARNED -> w.positionTable().rows(0, t);
            case SINUSOIDAL -> embeddings.sinusoidal(t, c.dModel());
            case ROPE -> null;
        };
        if (positions != null) {
            x = math.add(x, positions);
        }
        for (TransformerBlock.Weights layer : w.blocks()) {
            x = block.forward(x, layer, new Attention.Options(c.heads(), true, positions == null));
        }
        return math.matmul(block.layerNorm(x, w.finalGamma(), w.finalBeta()), w.tokenEmbedding().transpose(0, 1));
    }

    @Override
    public int[] generate(Weights w, int[] prompt, int maxNewTokens, Sampler.Config sampling, long seed) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("empty prompt");
        }
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("maxNewTokens < 0: " + maxNewTokens);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[] all = Arrays.copyOf(prompt, prompt.length);
        int context = w.config().contextLength();
        for (int step = 0; step < maxNewTokens; step++) {
            int from = Math.max(0, all.length - context);
            Tensor logits = forward(w, Arrays.copyOfRange(all, from, all.length));
            int last = logits.size(0) - 1;
            float[] row = new float[logits.size(1)];
            for (int j = 0; j < row.length; j++) {
                row[j] = logits.get2(last, j);
            }
            all = Arrays.copyOf(all, all.length + 1);
            all[all.length - 1] = sampler.sample(row, sampling, rng.nextDouble());
        }
        return Arrays.copyOfRange(all, prompt.length, all.length);
    }
}
