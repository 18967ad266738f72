package dev.llmf.reference.training;

import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Sampler;
import dev.llmf.reference.ReferenceLanguageModel;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The mini-GPT the course ships trained: {@link TrainingSettings#shipped} on the licence texts, written by
 * {@code reference-impl/train.sh} and kept as the resource {@value #RESOURCE} (with its {@code .sha256}, the
 * training log and the loss curve beside it). {@link #sample} is the text the lesson shows; a test checks the
 * reference still generates the committed {@code sample.txt}.
 */
public final class ShippedMiniGpt {

    public static final String RESOURCE = "/dev/llmf/reference/training/shipped/" + TrainingRun.WEIGHTS;
    public static final String PROMPT = "This License";
    public static final int NEW_TOKENS = 60;
    public static final Sampler.Config SAMPLING = new Sampler.Config(0.8, 40, 1.0);
    public static final long SEED = 42;

    private static volatile WeightsFile.Model model;

    private ShippedMiniGpt() {
    }

    /** The shipped weights and tokenizer, read once (the SHA-256 is checked; a damaged file is an error). */
    public static WeightsFile.Model load() {
        WeightsFile.Model m = model;
        if (m == null) {
            try {
                m = WeightsFile.resource(ShippedMiniGpt.class, RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load the shipped mini-GPT: " + e.getMessage(), e);
            }
            model = m;
        }
        return m;
    }

    /** {@link #PROMPT} and the {@link #NEW_TOKENS} tokens {@code model} generates after it, as text. */
    public static String sample(LanguageModel model, WeightsFile.Model weights) {
        int[] prompt = weights.tokenizer().encode(PROMPT);
        int[] generated = model.generate(weights.weights(), prompt, NEW_TOKENS, SAMPLING, SEED);
        return PROMPT + weights.tokenizer().decode(generated);
    }

    /** {@link #sample} on the reference model. */
    public static String sample(WeightsFile.Model weights) {
        return sample(new ReferenceLanguageModel(), weights);
    }
}
