package dev.llmf.exercises.minigpt;

import dev.llmf.contract.Embeddings;
import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Sampler;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TensorMath;
import dev.llmf.contract.TransformerBlock;

/**
 * Exercise 7 (capstone) — your mini-GPT: embeddings, a stack of transformer blocks, a final LayerNorm, the tied
 * output projection, and a generation loop.
 *
 * <p>Read {@code exercises/07-mini-gpt/README.md} first; the exact pipeline and the generation rules are in the
 * Javadoc of {@link LanguageModel}.
 */
public class MiniGpt implements LanguageModel {

    // The parts you built earlier: use them, that is the point of the capstone.
    private final Embeddings embeddings = new dev.llmf.exercises.embeddings.PositionalEmbeddings();   // exercise 3
    private final TransformerBlock block = new dev.llmf.exercises.block.PreNormBlock();              // exercise 5
    private final Sampler sampler = new dev.llmf.exercises.sampler.TokenSampler();                   // exercise 6
    private final TensorMath math = new dev.llmf.exercises.tensors.TensorOps();                      // exercise 1

    public MiniGpt() {
    }

    @Override
    public Tensor forward(Weights weights, int[] tokens) {
        throw new UnsupportedOperationException("TODO: embed, add positions, run every block (causal), final LayerNorm, multiply by the embeddingᵀ");
    }

    @Override
    public int[] generate(Weights weights, int[] prompt, int maxNewTokens, Sampler.Config sampling, long seed) {
        throw new UnsupportedOperationException("TODO: one SplittableRandom(seed); per step forward the last contextLength tokens and sample the last row");
    }
}
