package dev.llmf.grader.suites;

import dev.llmf.contract.Tensor;

import java.util.Arrays;

/**
 * Known wrong variants, computed from the reference pieces or with plain loops in double: the suites compare a
 * failing learner result with them to name the likely mistake ("these weights are softmax(Q·Kᵀ) without scaling").
 * Nothing here is an expected answer; expected answers come from {@link Grading#reference}. This class holds
 * exercise 1's variants and the plain double helpers; each later exercise has its own class
 * ({@link TokenizerVariants}, {@link EmbeddingVariants}, {@link AttentionVariants}, {@link BlockVariants},
 * {@link SamplerVariants}, {@link ModelVariants}).
 */
public final class Diagnose {

    private Diagnose() {
    }

    // ==== exercise 1: tensors ====

    /** The tensor as code that reads {@code data()} row by row from {@code offset()} (ignoring strides) sees it. */
    public static Tensor ignoringStrides(Tensor view) {
        int n = view.numel();
        int from = view.offset();
        if (from + n > view.data().length) {
            return null;
        }
        return Tensor.of(Arrays.copyOfRange(view.data(), from, from + n), view.shape());
    }

    /** The tensor as code that reads {@code data()} from index 0 (ignoring strides and offset) sees it. */
    public static Tensor ignoringOffset(Tensor view) {
        int n = view.numel();
        if (n > view.data().length) {
            return null;
        }
        return Tensor.of(Arrays.copyOf(view.data(), n), view.shape());
    }

    /** Softmax divided by the sum over the whole tensor instead of each row's own sum. */
    public static Tensor softmaxOverWholeTensor(Tensor x) {
        float[] v = x.toArray();
        double max = Double.NEGATIVE_INFINITY;
        for (float f : v) {
            max = Math.max(max, f);
        }
        double sum = 0;
        double[] e = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            e[i] = Math.exp(v[i] - max);
            sum += e[i];
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (e[i] / sum);
        }
        return Tensor.of(out, x.shape());
    }

    /** Softmax along the first dimension of a 2-D tensor (columns sum to 1) instead of the last. */
    public static Tensor softmaxAlongColumns(Tensor x) {
        Tensor t = x.transpose(0, 1).copy();
        return tensor(softmaxRows(rows(t), 1.0)).transpose(0, 1).copy();
    }

    /**
     * Softmax without subtracting the row maximum, in float as learners write it: {@code exp} overflows to Infinity
     * above 88.7 and underflows to 0 below −103, so such rows become NaN (∞/∞ or 0/0).
     */
    public static Tensor softmaxWithoutMax(Tensor x) {
        float[] v = x.toArray();
        int width = x.size(-1);
        for (int start = 0; width > 0 && start < v.length; start += width) {
            float sum = 0;
            for (int i = start; i < start + width; i++) {
                v[i] = (float) Math.exp(v[i]);
                sum += v[i];
            }
            for (int i = start; i < start + width; i++) {
                v[i] /= sum;
            }
        }
        return Tensor.of(v, x.shape());
    }

    /** A matrix product whose sums were assigned ({@code =}) instead of accumulated: C[i][j] = A[i][k−1]·B[k−1][j]. */
    public static Tensor matmulAssigned(Tensor a, Tensor b) {
        int k = a.size(1);
        Tensor c = Tensor.zeros(a.size(0), b.size(1));
        for (int i = 0; k > 0 && i < a.size(0); i++) {
            for (int j = 0; j < b.size(1); j++) {
                c.set2(i, j, a.get2(i, k - 1) * b.get2(k - 1, j));
            }
        }
        return c;
    }

    /** A tensor of {@code shape} holding NaN everywhere (what an empty sum divided by its count gives). */
    public static Tensor allNaN(int... shape) {
        Tensor t = Tensor.zeros(shape);
        Arrays.fill(t.data(), Float.NaN);
        return t;
    }

    // ==== plain double helpers ====

    static double erf(double x) {
        // Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): enough to recognise the erf GELU
        double sign = Math.signum(x);
        double a = Math.abs(x);
        double t = 1 / (1 + 0.3275911 * a);
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
                + 0.254829592) * t * Math.exp(-a * a);
        return sign * y;
    }

    static double[][] rows(Tensor t) {
        t.requireRank("matrix", 2);
        double[][] out = new double[t.size(0)][t.size(1)];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = t.get2(i, j);
            }
        }
        return out;
    }

    static Tensor tensor(double[][] m) {
        int cols = m.length == 0 ? 0 : m[0].length;
        Tensor out = Tensor.zeros(m.length, cols);
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < cols; j++) {
                out.set2(i, j, (float) m[i][j]);
            }
        }
        return out;
    }

    static double[][] matmul(double[][] a, double[][] b) {
        int inner = b.length;
        int cols = inner == 0 ? 0 : b[0].length;
        double[][] out = new double[a.length][cols];
        for (int i = 0; i < a.length; i++) {
            for (int p = 0; p < inner; p++) {
                double x = a[i][p];
                for (int j = 0; j < cols; j++) {
                    out[i][j] += x * b[p][j];
                }
            }
        }
        return out;
    }

    static double[][] softmaxRows(double[][] m, double scale) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : m[i]) {
                max = Math.max(max, v * scale);
            }
            double sum = 0;
            out[i] = new double[m[i].length];
            for (int j = 0; j < m[i].length; j++) {
                out[i][j] = Math.exp(m[i][j] * scale - max);
                sum += out[i][j];
            }
            for (int j = 0; j < m[i].length; j++) {
                out[i][j] /= sum;
            }
        }
        return out;
    }

    static double[][] transpose(double[][] m) {
        int cols = m.length == 0 ? 0 : m[0].length;
        double[][] out = new double[cols][m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < cols; j++) {
                out[j][i] = m[i][j];
            }
        }
        return out;
    }

    static double[][] scale(double[][] m, double factor) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = new double[m[i].length];
            for (int j = 0; j < m[i].length; j++) {
                out[i][j] = m[i][j] * factor;
            }
        }
        return out;
    }

    static double[][] columns(double[][] m, int[] cols) {
        double[][] out = new double[m.length][cols.length];
        for (int i = 0; i < m.length; i++) {
            for (int c = 0; c < cols.length; c++) {
                out[i][c] = m[i][cols[c]];
            }
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static void normalise(double[] p) {
        double sum = 0;
        for (double v : p) {
            sum += v;
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
    }

    static float[] floats(double[] p) {
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = (float) p[i];
        }
        return out;
    }
}
