package dev.llmf.reference.training;

import dev.llmf.contract.Embeddings;
import dev.llmf.contract.LanguageModel;

/**
 * How positions enter the model, in double: a table added to the token vectors (LEARNED: the parameters,
 * SINUSOIDAL: {@code Embeddings.sinusoidal}'s), or RoPE's rotation of each head's queries and keys (pair
 * {@code (2i, 2i+1)} at position t turns by {@code t·BASE^(−2i/dh)}), with its transpose for the backward pass.
 */
final class PositionLayer {

    private final int d;
    private final int heads;
    private final int half;                 // dh / 2
    private final double[] sinusoidal;      // [context, d], or null
    private final double[] cos;             // [context, dh/2], or null
    private final double[] sin;

    PositionLayer(LanguageModel.Config config) {
        d = config.dModel();
        heads = config.heads();
        int dh = d / heads;
        half = dh / 2;
        int context = config.contextLength();
        sinusoidal = config.positional() == LanguageModel.Positional.SINUSOIDAL ? new double[context * d] : null;
        if (sinusoidal != null) {
            for (int pos = 0; pos < context; pos++) {
                for (int c = 0; c < d; c++) {
                    double angle = pos / Math.pow(Embeddings.BASE, 2.0 * (c / 2) / d);
                    sinusoidal[pos * d + c] = c % 2 == 0 ? Math.sin(angle) : Math.cos(angle);
                }
            }
        }
        boolean rope = config.positional() == LanguageModel.Positional.ROPE;
        cos = rope ? new double[context * half] : null;
        sin = rope ? new double[context * half] : null;
        if (rope) {
            for (int i = 0; i < half; i++) {
                double theta = Math.pow(Embeddings.BASE, -2.0 * i / dh);
                for (int t = 0; t < context; t++) {
                    cos[t * half + i] = Math.cos(t * theta);
                    sin[t * half + i] = Math.sin(t * theta);
                }
            }
        }
    }

    /** The fixed table to add to the token vectors (SINUSOIDAL), or null. */
    double[] sinusoidal() {
        return sinusoidal;
    }

    boolean rotates() {
        return cos != null;
    }

    /** RoPE on the {@code n} rows of {@code x [n, d]} (positions 0 .. n-1), in place. */
    void rotate(double[] x, int n) {
        turn(x, n, 1);
    }

    /** The backward pass of {@link #rotate}: the gradient turned back by the same angles, in place. */
    void rotateBack(double[] dx, int n) {
        turn(dx, n, -1);
    }

    private void turn(double[] x, int n, int direction) {
        for (int t = 0; t < n; t++) {
            for (int h = 0; h < heads; h++) {
                int row = t * d + h * 2 * half;
                for (int i = 0; i < half; i++) {
                    double c = cos[t * half + i];
                    double s = direction * sin[t * half + i];
                    double x0 = x[row + 2 * i];
                    double x1 = x[row + 2 * i + 1];
                    x[row + 2 * i] = x0 * c - x1 * s;
                    x[row + 2 * i + 1] = x0 * s + x1 * c;
                }
            }
        }
    }
}
