package dev.llmf.grader.suites;

import dev.llmf.contract.Embeddings;
import dev.llmf.contract.Tensor;

import static dev.llmf.grader.suites.Diagnose.rows;
import static dev.llmf.grader.suites.Diagnose.tensor;

/** Known wrong variants of exercise 3 ({@link Embeddings}): see {@link Diagnose}. */
public final class EmbeddingVariants {

    private EmbeddingVariants() {
    }

    /** Mistakes in the sinusoidal table. */
    public enum Sinusoid {
        /** {@code 2 * i / dim} in int arithmetic: every pair gets angle {@code pos} */
        INT_DIVISION,
        /** the column index {@code c} instead of {@code 2i} in the exponent */
        COLUMN_INDEX,
        /** cos in the even columns, sin in the odd ones */
        SWAPPED,
        /** angle {@code pos · BASE^(2i/dim)} (multiplied instead of divided) */
        MULTIPLIED
    }

    public static Tensor sinusoidal(int positions, int dim, Sinusoid mistake) {
        Tensor t = Tensor.zeros(positions, dim);
        for (int pos = 0; pos < positions; pos++) {
            for (int c = 0; c < dim; c++) {
                int i = c / 2;
                double exponent = switch (mistake) {
                    case INT_DIVISION -> (2 * i) / dim;
                    case COLUMN_INDEX -> (double) c / dim;
                    default -> 2.0 * i / dim;
                };
                double angle = mistake == Sinusoid.MULTIPLIED ? pos * Math.pow(Embeddings.BASE, exponent)
                        : pos / Math.pow(Embeddings.BASE, exponent);
                boolean even = c % 2 == 0;
                if (mistake == Sinusoid.SWAPPED) {
                    even = !even;
                }
                t.set2(pos, c, (float) (even ? Math.sin(angle) : Math.cos(angle)));
            }
        }
        return t;
    }

    /** Mistakes in RoPE. */
    public enum Rope {
        /** exact (for building other variants) */
        CORRECT,
        /** {@code -2 * i / d} in int arithmetic: θ = 1 for every pair */
        INT_DIVISION,
        /** rotated the other way (angle −a) */
        NEGATIVE_ANGLE,
        /** pairs {@code (i, i + d/2)} (the "rotate half" layout) instead of consecutive pairs */
        HALVES,
        /** θ from the column index {@code 2i} where the pair index {@code i} belongs: BASE^(−4i/d) */
        COLUMN_INDEX,
        /** the second line uses the already rotated first coordinate */
        OVERWRITTEN,
        /** positions counted from 1 */
        FROM_ONE
    }

    public static Tensor rotary(Tensor x, Rope mistake) {
        return tensor(rope(rows(x), mistake));
    }

    static double[][] rope(double[][] x, Rope mistake) {
        double[][] out = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            int d = x[t].length;
            out[t] = x[t].clone();
            int pos = mistake == Rope.FROM_ONE ? t + 1 : t;
            for (int i = 0; i < d / 2; i++) {
                double theta = switch (mistake) {
                    case INT_DIVISION -> Math.pow(Embeddings.BASE, (-2 * i) / d);
                    case COLUMN_INDEX -> Math.pow(Embeddings.BASE, -4.0 * i / d);
                    default -> Math.pow(Embeddings.BASE, -2.0 * i / d);
                };
                double angle = pos * theta;
                if (mistake == Rope.NEGATIVE_ANGLE) {
                    angle = -angle;
                }
                int a = mistake == Rope.HALVES ? i : 2 * i;
                int b = mistake == Rope.HALVES ? i + d / 2 : 2 * i + 1;
                double x0 = x[t][a];
                double x1 = x[t][b];
                double cos = Math.cos(angle);
                double sin = Math.sin(angle);
                out[t][a] = x0 * cos - x1 * sin;
                out[t][b] = (mistake == Rope.OVERWRITTEN ? out[t][a] : x0) * sin + x1 * cos;
            }
        }
        return out;
    }

    /** Every element of {@code t} multiplied by {@code factor} (e.g. embeddings scaled by √d). */
    public static Tensor scaled(Tensor t, double factor) {
        float[] v = t.toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] * factor);
        }
        return Tensor.of(v, t.shape());
    }
}
