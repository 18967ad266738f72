package dev.llmf.reference;

import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Sampler;
import dev.llmf.contract.Tensor;
import dev.llmf.reference.backend.Backends;
import dev.llmf.reference.backend.ComputeBackend;
import dev.llmf.reference.backend.ModelPass;
import dev.llmf.reference.backend.ModelRun;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The decoder-only mini-GPT of {@link LanguageModel}, run on the compute backend through {@link ModelPass} (the
 * same code for the CPU and a GPU). {@code generate} keeps each layer's keys and values between steps, so a step
 * runs only the newest token while the window still starts at the first one; once the sequence outgrows the
 * context, every position moves and each step runs its whole window again, as the contract's loop does.
 */
public final class ReferenceLanguageModel implements LanguageModel {

    private final ComputeBackend backend;
    private final ReferenceSampler sampler = new ReferenceSampler();

    public ReferenceLanguageModel() {
        this(Backends.current());
    }

    public ReferenceLanguageModel(ComputeBackend backend) {
        this.backend = backend;
    }

    @Override
    public Tensor forward(Weights weights, int[] tokens) {
        requireLength(weights.config(), tokens);
        try (ModelRun<?> run = backend.openModel(weights, tokens.length, false)) {
            return ModelPass.logits(run, tokens, 0, 0);
        }
    }

    @Override
    public int[] generate(Weights weights, int[] prompt, int maxNewTokens, Sampler.Config sampling, long seed) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt must hold at least one token");
        }
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("maxNewTokens (" + maxNewTokens + ") must be >= 0");
        }
        if (maxNewTokens == 0) {
            return new int[0];
        }
        int context = weights.config().contextLength();
        SplittableRandom rng = new SplittableRandom(seed);
        int[] sequence = Arrays.copyOf(prompt, prompt.length + maxNewTokens);
        try (ModelRun<?> run = backend.openModel(weights, Math.min(context, sequence.length), true)) {
            for (int step = 0; step < maxNewTokens; step++) {
                int end = prompt.length + step;
                Tensor logits;
                if (step > 0 && end <= context) {       // the cache holds positions 0 .. end-2: add the newest token
                    logits = ModelPass.logits(run, new int[] {sequence[end - 1]}, end - 1, 0);
                } else {                                // the first step, or the window moved: run all of it
                    int[] window = Arrays.copyOfRange(sequence, Math.max(0, end - context), end);
                    logits = ModelPass.logits(run, window, 0, window.length - 1);
                }
                sequence[end] = sampler.sample(logits.data(), sampling, rng.nextDouble());
            }
        }
        return Arrays.copyOfRange(sequence, prompt.length, sequence.length);
    }

    private static void requireLength(Config config, int[] tokens) {
        if (tokens.length == 0 || tokens.length > config.contextLength()) {
            throw new IllegalArgumentException("the model takes 1 to " + config.contextLength()
                    + " tokens but got " + tokens.length);
        }
    }
}
