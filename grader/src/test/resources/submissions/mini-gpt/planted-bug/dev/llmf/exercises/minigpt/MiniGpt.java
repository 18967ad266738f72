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

/** Exercise 7: the mini-GPT built from the earlier exercises. */
public class MiniGpt implements LanguageModel {

    private final Embeddings embeddings = new dev.llmf.exercises.embeddings.PositionalEmbeddings();
    private final TransformerBlock block = new dev.llmf.exercises.block.PreNormBlock();
    private final Sampler sampler = new dev.llmf.exercises.sampler.TokenSampler();
    private final TensorMath math = new dev.llmf.exercises.tensors.TensorOps();

    public MiniGpt() {
    }

    @Override
    public Tensor forward(Weights weights, int[] tokens) {
        Config config = weights.config();
        if (tokens.length == 0 || tokens.length > config.contextLength()) {
            throw new IllegalArgumentException("forward takes 1 to " + config.contextLength() + " tokens, not "
                    + tokens.length);
        }
        Tensor x = embeddings.lookup(weights.tokenEmbedding(), tokens);
        if (config.positional() == Positional.LEARNED) {
            x = embeddings.addPositions(x, weights.positionTable());
        } else if (config.positional() == Positional.SINUSOIDAL) {
            x = embeddings.addPositions(x, embeddings.sinusoidal(tokens.length, config.dModel()));
        }
        Attention.Options options = new Attention.Options(config.heads(), true,
                config.positional() == Positional.ROPE);
        for (TransformerBlock.Weights layer : weights.blocks()) {
            x = block.forward(x, layer, options);
        }
        Tensor normed = block.layerNorm(x, weights.finalGamma(), weights.finalBeta());
        return math.matmul(normed, math.transpose(weights.tokenEmbedding()));
    }

    @Override
    public int[] generate(Weights weights, int[] prompt, int maxNewTokens, Sampler.Config sampling, long seed) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt is empty");
        }
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("maxNewTokens (" + maxNewTokens + ") must be >= 0");
        }
        int context = weights.config().contextLength();
        SplittableRandom rng = new SplittableRandom(seed);
        int[] sequence = Arrays.copyOf(prompt, prompt.length + maxNewTokens);
        for (int step = 0; step < maxNewTokens; step++) {
            int end = prompt.length + step;
            int[] window = Arrays.copyOfRange(sequence, Math.max(0, end - context), end);
            Tensor logits = forward(weights, window);
            float[] last = logits.row(window.length - 1).toArray();
            sequence[end] = sampler.sample(last, sampling, new SplittableRandom(seed).nextDouble());
        }
        return Arrays.copyOfRange(sequence, prompt.length, sequence.length);
    }
}
