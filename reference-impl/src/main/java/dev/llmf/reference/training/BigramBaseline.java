package dev.llmf.reference.training;

import java.util.List;

/**
 * The model to beat: next-token counts from the training tokens with add-one smoothing,
 * {@code P(b | a) = (count(a, b) + 1) / (count(a) + V)}, scored on the same targets as the model.
 */
public final class BigramBaseline {

    private final int vocab;
    private final int[][] pairs;
    private final long[] totals;

    public BigramBaseline(int[] trainTokens, int vocab) {
        this.vocab = vocab;
        pairs = new int[vocab][vocab];
        totals = new long[vocab];
        for (int i = 0; i + 1 < trainTokens.length; i++) {
            pairs[trainTokens[i]][trainTokens[i + 1]]++;
            totals[trainTokens[i]]++;
        }
    }

    /** The mean cross-entropy (nats per token) of predicting each target from the id before it. */
    public double crossEntropy(List<ModelGradients.Sequence> sequences) {
        double total = 0;
        long count = 0;
        for (ModelGradients.Sequence s : sequences) {
            for (int t = 0; t < s.ids().length; t++) {
                int a = s.ids()[t];
                total -= Math.log((pairs[a][s.targets()[t]] + 1.0) / (totals[a] + vocab));
                count++;
            }
        }
        return total / count;
    }
}
