package dev.llmf.reference.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training batches and the validation set, as sequences of {@code context} tokens with the tokens that follow
 * them. Step s's batch depends only on the seed and s (its random starts come from a generator seeded with both),
 * so a run resumed at step s draws the batches the uninterrupted run would have drawn.
 */
public final class Batches {

    private Batches() {
    }

    /** {@code size} windows at random starts in {@code tokens}, for step {@code step} of the run with {@code seed}. */
    public static List<ModelGradients.Sequence> training(int[] tokens, int context, int size, long seed, int step) {
        if (tokens.length < context + 1) {
            throw new IllegalArgumentException("the training text has " + tokens.length
                    + " tokens: too few for one window of " + context + " tokens and the next one");
        }
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step);
        List<ModelGradients.Sequence> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            batch.add(window(tokens, random.nextInt(tokens.length - context), context));
        }
        return batch;
    }

    /** Every whole window of {@code context} tokens in {@code tokens}, side by side (each predicts its next token). */
    public static List<ModelGradients.Sequence> validation(int[] tokens, int context) {
        List<ModelGradients.Sequence> windows = new ArrayList<>();
        for (int start = 0; start + context < tokens.length; start += context) {
            windows.add(window(tokens, start, context));
        }
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("the validation text has " + tokens.length
                    + " tokens: too few for one window of " + context);
        }
        return windows;
    }

    private static ModelGradients.Sequence window(int[] tokens, int start, int context) {
        return new ModelGradients.Sequence(Arrays.copyOfRange(tokens, start, start + context),
                Arrays.copyOfRange(tokens, start + 1, start + context + 1));
    }
}
