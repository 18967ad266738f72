package dev.llmf.grader.suites;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Embeddings;
import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Sampler;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TensorMath;
import dev.llmf.contract.TransformerBlock;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Known wrong variants of exercise 7 ({@link LanguageModel}): see {@link Diagnose}. */
public final class ModelVariants {

    private ModelVariants() {
    }

    /** Mistakes in the model's forward pass. */
    public enum Model {
        /** no final LayerNorm before the projection */
        NO_FINAL_NORM,
        /** blocks run without the causal mask */
        NOT_CAUSAL,
        /** no position information added (LEARNED / SINUSOIDAL) */
        NO_POSITIONS,
        /** a ROPE model that also adds the sinusoidal table */
        ROPE_PLUS_SINUSOIDAL,
        /** a ROPE model whose blocks run with rotary = false */
        ROPE_NOT_ROTARY,
        /** rotary switched on for every kind of model */
        ALWAYS_ROTARY,
        /** the learned table used for a SINUSOIDAL model or the sinusoidal table for a LEARNED one */
        OTHER_TABLE,
        /** only the first block run */
        FIRST_BLOCK_ONLY,
        /** the token vectors multiplied by √d after the lookup, as the 2017 Transformer does */
        SCALED_EMBEDDING,
        /** a LEARNED model projected onto its position table instead of the token embedding: [T, contextLength] */
        PROJECT_WITH_POSITIONS
    }

    public static Tensor forward(LanguageModel.Weights weights, int[] tokens, Model mistake) {
        Embeddings emb = Grading.reference(Embeddings.class);
        TransformerBlock block = Grading.reference(TransformerBlock.class);
        TensorMath math = Grading.reference(TensorMath.class);
        LanguageModel.Config c = weights.config();
        Tensor x = emb.lookup(weights.tokenEmbedding(), tokens);
        if (mistake == Model.SCALED_EMBEDDING) {
            x = EmbeddingVariants.scaled(x, Math.sqrt(c.dModel()));
        }
        LanguageModel.Positional kind = c.positional();
        Tensor table = switch (kind) {
            case LEARNED -> mistake == Model.OTHER_TABLE ? emb.sinusoidal(tokens.length, c.dModel())
                    : weights.positionTable();
            case SINUSOIDAL -> mistake == Model.OTHER_TABLE ? null : emb.sinusoidal(tokens.length, c.dModel());
            case ROPE -> mistake == Model.ROPE_PLUS_SINUSOIDAL ? emb.sinusoidal(tokens.length, c.dModel()) : null;
        };
        if (table != null && mistake != Model.NO_POSITIONS) {
            x = emb.addPositions(x, table);
        }
        if (table == null && mistake == Model.OTHER_TABLE) {
            return null;
        }
        boolean rotary = switch (mistake) {
            case ROPE_NOT_ROTARY -> false;
            case ALWAYS_ROTARY -> true;
            default -> kind == LanguageModel.Positional.ROPE;
        };
        Attention.Options options = new Attention.Options(c.heads(), mistake != Model.NOT_CAUSAL, rotary);
        int l = 0;
        for (TransformerBlock.Weights layer : weights.blocks()) {
            if (mistake == Model.FIRST_BLOCK_ONLY && l++ > 0) {
                break;
            }
            x = block.forward(x, layer, options);
        }
        if (mistake != Model.NO_FINAL_NORM) {
            x = block.layerNorm(x, weights.finalGamma(), weights.finalBeta());
        }
        if (mistake == Model.PROJECT_WITH_POSITIONS) {
            return weights.positionTable() == null ? null
                    : math.matmul(x, math.transpose(weights.positionTable()));
        }
        return math.matmul(x, math.transpose(weights.tokenEmbedding()));
    }

    /** Mistakes in {@link LanguageModel#generate}. */
    public enum Generation {
        /** a fresh {@code new SplittableRandom(seed)} every step (so every step draws the same u) */
        FRESH_RANDOM_EACH_STEP,
        /** the first row of logits used instead of the last */
        FIRST_ROW,
        /** the window is the FIRST contextLength tokens instead of the last */
        WINDOW_FROM_START,
        /** {@code new java.util.Random(seed)} instead of the contract's {@code SplittableRandom} */
        JAVA_UTIL_RANDOM
    }

    public static int[] generate(LanguageModel.Weights weights, int[] prompt, int count, Sampler.Config sampling,
                                 long seed, Generation mistake) {
        LanguageModel model = Grading.reference(LanguageModel.class);
        Sampler sampler = Grading.reference(Sampler.class);
        int context = weights.config().contextLength();
        SplittableRandom rng = new SplittableRandom(seed);
        java.util.Random utilRandom = new java.util.Random(seed);
        int[] sequence = Arrays.copyOf(prompt, prompt.length + count);
        for (int step = 0; step < count; step++) {
            int end = prompt.length + step;
            int from = mistake == Generation.WINDOW_FROM_START ? 0 : Math.max(0, end - context);
            int[] window = Arrays.copyOfRange(sequence, from, Math.min(end, from + context));
            Tensor logits = model.forward(weights, window);
            int row = mistake == Generation.FIRST_ROW ? 0 : window.length - 1;
            double u = switch (mistake) {
                case FRESH_RANDOM_EACH_STEP -> new SplittableRandom(seed).nextDouble();
                case JAVA_UTIL_RANDOM -> utilRandom.nextDouble();
                default -> rng.nextDouble();
            };
            sequence[end] = sampler.sample(logits.row(row).toArray(), sampling, u);
        }
        return Arrays.copyOfRange(sequence, prompt.length, sequence.length);
    }

    /** Correct generation on top of a forward pass with {@code mistake}. */
    public static int[] generate(LanguageModel.Weights weights, int[] prompt, int count, Sampler.Config sampling,
                                 long seed, Model mistake) {
        Sampler sampler = Grading.reference(Sampler.class);
        int context = weights.config().contextLength();
        SplittableRandom rng = new SplittableRandom(seed);
        int[] sequence = Arrays.copyOf(prompt, prompt.length + count);
        for (int step = 0; step < count; step++) {
            int end = prompt.length + step;
            int[] window = Arrays.copyOfRange(sequence, Math.max(0, end - context), end);
            Tensor logits = forward(weights, window, mistake);
            sequence[end] = sampler.sample(logits.row(window.length - 1).toArray(), sampling, rng.nextDouble());
        }
        return Arrays.copyOfRange(sequence, prompt.length, sequence.length);
    }
}
