package dev.llmf.reference;

import dev.llmf.contract.Attention;
import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Sampler;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TransformerBlock;
import dev.llmf.reference.backend.Backends;
import dev.llmf.reference.backend.ComputeBackend;
import dev.llmf.reference.backend.ModelForward;

import java.util.Arrays;
import java.util.SplittableRandom;

/** The decoder-only mini-GPT of {@link LanguageModel}, built from the other reference components. */
public final class ReferenceLanguageModel implements LanguageModel {

    private final ComputeBackend backend;
    private final ReferenceEmbeddings embeddings;
    private final ReferenceTransformerBlock block;
    private final ReferenceSampler sampler = new ReferenceSampler();

    public ReferenceLanguageModel() {
        this(Backends.current());
    }

    public ReferenceLanguageModel(ComputeBackend backend) {
        this.backend = backend;
        this.embeddings = new ReferenceEmbeddings(backend);
        this.block = new ReferenceTransformerBlock(backend);
    }

    @Override
    public Tensor forward(Weights weights, int[] tokens) {
        Config config = weights.config();
        if (tokens.length == 0 || tokens.length > config.contextLength()) {
            throw new IllegalArgumentException("the model takes 1 to " + config.contextLength()
                    + " tokens but got " + tokens.length);
        }
        if (backend instanceof ModelForward device) {   // a GPU: the whole forward on the device, copies at the edges
            return device.forward(weights, tokens);
        }
        Tensor x = embeddings.lookup(weights.tokenEmbedding(), tokens);              // [T, d]
        x = switch (config.positional()) {
            case LEARNED -> embeddings.addPositions(x, weights.positionTable());
            case SINUSOIDAL -> embeddings.addPositions(x, embeddings.sinusoidal(tokens.length, config.dModel()));
            case ROPE -> x;                                                          // rotated inside attention
        };
        Attention.Options options = new Attention.Options(config.heads(), true, config.positional() == Positional.ROPE);
        for (TransformerBlock.Weights layer : weights.blocks()) {
            x = block.forward(x, layer, options);
        }
        Tensor normalized = block.layerNorm(x, weights.finalGamma(), weights.finalBeta());
        return backend.matmul(normalized, weights.tokenEmbedding().transpose(0, 1));  // [T, V], tied embedding
    }

    @Override
    public int[] generate(Weights weights, int[] prompt, int maxNewTokens, Sampler.Config sampling, long seed) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt must hold at least one token");
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
            sequence[end] = sampler.sample(last, sampling, rng.nextDouble());
        }
        return Arrays.copyOfRange(sequence, prompt.length, sequence.length);
    }
}
