package dev.llmf.grader.suites;

import dev.llmf.contract.Attention;
import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TransformerBlock;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The hidden suites' inputs: seeded random tensors, ids and weights with spreads that make mistakes visible, and
 * the same values seen through a non-contiguous view.
 */
public final class SuiteInputs {

    private SuiteInputs() {
    }


    /** Uniform values in {@code [-scale, scale)}. */
    public static Tensor random(SplittableRandom random, double scale, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] data = t.data();
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        return t;
    }

    /** Normal(mean, std) values. */
    public static Tensor normal(SplittableRandom random, double mean, double std, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] data = t.data();
        for (int i = 0; i < data.length; i++) {
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            data[i] = (float) (mean + std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
        }
        return t;
    }

    /** {@code n} ids in {@code [0, vocab)}. */
    public static int[] randomIds(SplittableRandom random, int n, int vocab) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = random.nextInt(vocab);
        }
        return ids;
    }

    /**
     * Random attention projections, normal(0, {@code std}). The suites use a larger spread than the contract's
     * 0.02 initialisation so attention is far from uniform and mistakes change the numbers visibly.
     */
    public static Attention.Weights attentionWeights(SplittableRandom random, int d, double std) {
        return new Attention.Weights(normal(random, 0, std, d, d), normal(random, 0, std, d, d),
                normal(random, 0, std, d, d), normal(random, 0, std, d, d));
    }

    /** Random block weights: LayerNorm gamma near 1 and beta near 0 (not exactly, so swaps show), projections random. */
    public static TransformerBlock.Weights blockWeights(SplittableRandom random, int d) {
        return new TransformerBlock.Weights(normal(random, 1, 0.2, d), normal(random, 0, 0.1, d),
                attentionWeights(random, d, 1.2 / Math.sqrt(d)),
                normal(random, 1, 0.2, d), normal(random, 0, 0.1, d),
                normal(random, 0, 1.0 / Math.sqrt(d), d, 4 * d), normal(random, 0, 0.8 / Math.sqrt(4 * d), 4 * d, d));
    }

    /** Random model weights for {@code config}: embedding std 1 so logits are well separated. */
    public static LanguageModel.Weights modelWeights(SplittableRandom random, LanguageModel.Config config) {
        return modelWeights(random, config, 1.0);
    }

    /**
     * Random model weights with token embedding std {@code embeddingStd}: a small one (≈ 0.3) gives flatter
     * next-token distributions, so sampled generation really depends on every draw.
     */
    public static LanguageModel.Weights modelWeights(SplittableRandom random, LanguageModel.Config config,
                                                     double embeddingStd) {
        int d = config.dModel();
        List<TransformerBlock.Weights> blocks = new ArrayList<>();
        Tensor tokens = normal(random, 0, embeddingStd, config.vocabSize(), d);
        Tensor positions = config.positional() == LanguageModel.Positional.LEARNED
                ? normal(random, 0, 0.5, config.contextLength(), d) : null;
        for (int l = 0; l < config.layers(); l++) {
            blocks.add(blockWeights(random, d));
        }
        return new LanguageModel.Weights(config, tokens, positions, blocks, normal(random, 1, 0.2, d),
                normal(random, 0, 0.1, d));
    }

    /**
     * The same values as {@code t} seen through a non-contiguous view that does not start at buffer index 0:
     * rank 1 has stride 2 and offset 1; rank ≥ 2 stores the last two dimensions transposed, behind one spare
     * element. Code that reads {@code data()} row by row from 0 gets other numbers.
     */
    public static Tensor strided(Tensor t) {
        int[] shape = t.shape();
        float[] values = t.toArray();
        if (shape.length == 1) {
            int n = shape[0];
            float[] buffer = new float[2 * n + 2];
            Arrays.fill(buffer, 7.5f);
            for (int i = 0; i < n; i++) {
                buffer[1 + 2 * i] = values[i];
            }
            return Tensor.of(buffer, n + 1, 2).transpose(0, 1).row(1).rows(0, n);   // stride 2, offset 1
        }
        int r = shape.length;
        Tensor swapped = Tensor.of(values, shape).transpose(r - 2, r - 1).copy();   // last two dims swapped
        float[] padded = new float[swapped.numel() + 1];
        padded[0] = 7.5f;
        System.arraycopy(swapped.data(), 0, padded, 1, swapped.numel());
        Tensor atOffsetOne = Tensor.of(padded, padded.length, 1).rows(1, padded.length).reshape(swapped.shape());
        return atOffsetOne.transpose(r - 2, r - 1);
    }
}
