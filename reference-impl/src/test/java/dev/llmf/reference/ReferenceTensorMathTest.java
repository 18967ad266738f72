package dev.llmf.reference;

import static dev.llmf.reference.Fixtures.assertClose;
import static dev.llmf.reference.Fixtures.assertNamesShapes;
import static dev.llmf.reference.Fixtures.assertShape;
import static dev.llmf.reference.Fixtures.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmf.contract.Tensor;
import dev.llmf.contract.TensorMath;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ReferenceTensorMath")
class ReferenceTensorMathTest {

    private final TensorMath math = new ReferenceTensorMath();

    // ---- fixed vectors ----

    @Test
    @DisplayName("matmul of a 2x3 and a 3x2 matrix gives the hand-computed 2x2 product")
    void matmulSmallExample() {
        Tensor a = Tensor.matrix(new float[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor b = Tensor.matrix(new float[][] {{7, 8}, {9, 10}, {11, 12}});
        Tensor c = math.matmul(a, b);
        assertShape("product", c, 2, 2);
        assertArrayEquals(new float[] {58, 64, 139, 154}, c.toArray());
    }

    @Test
    @DisplayName("matmul reads transposed and row-range views through their strides and offset")
    void matmulOfViews() {
        Tensor base = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 4, 3);
        // rows 1..2 of base: [[4,5,6],[7,8,9]] (offset 3); its transpose view is [[4,7],[5,8],[6,9]].
        Tensor middle = base.rows(1, 3);
        Tensor middleT = middle.transpose(0, 1);
        Tensor c = math.matmul(middle, middleT);               // [2,3]·[3,2]
        assertArrayEquals(new float[] {4 * 4 + 5 * 5 + 6 * 6, 4 * 7 + 5 * 8 + 6 * 9,
                7 * 4 + 8 * 5 + 9 * 6, 7 * 7 + 8 * 8 + 9 * 9}, c.toArray());
        Tensor d = math.matmul(middleT, middle);               // [3,2]·[2,3]
        assertArrayEquals(new float[] {16 + 49, 20 + 56, 24 + 63, 20 + 56, 25 + 64, 30 + 72,
                24 + 63, 30 + 72, 36 + 81}, d.toArray());
    }

    @Test
    @DisplayName("matmul with an empty inner dimension gives a matrix of zeros")
    void matmulEmptyInner() {
        Tensor c = math.matmul(Tensor.zeros(2, 0), Tensor.zeros(0, 3));
        assertShape("product", c, 2, 3);
        assertArrayEquals(new float[6], c.toArray());
    }

    @Test
    @DisplayName("transpose returns a new contiguous [n, m] tensor with the elements swapped")
    void transposeValues() {
        Tensor a = Tensor.matrix(new float[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor t = math.transpose(a);
        assertShape("transpose", t, 3, 2);
        assertTrue(t.isContiguous(), "transpose must be contiguous");
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, t.toArray());
        t.set2(0, 0, 99);
        assertEquals(1f, a.get2(0, 0), "the transpose must be a copy, not a view of the input");
    }

    @Test
    @DisplayName("add sums element by element, also for a non-contiguous view")
    void addValues() {
        Tensor a = Tensor.matrix(new float[][] {{1, 2}, {3, 4}});
        Tensor b = Tensor.matrix(new float[][] {{10, 20}, {30, 40}}).transpose(0, 1); // [[10,30],[20,40]]
        assertArrayEquals(new float[] {11, 32, 23, 44}, math.add(a, b).toArray());
    }

    @Test
    @DisplayName("softmax of the course logits [2, 1, 0.5, 0] is [0.579259, 0.213097, 0.129250, 0.078394]")
    void softmaxCourseExample() {
        // The course prints 0.58 / 0.21 / 0.13 / 0.08 (2 decimals); these are the exact values to 6 decimals.
        Tensor p = math.softmax(Tensor.vector(2.0f, 1.0f, 0.5f, 0.0f));
        assertClose("softmax", new double[] {0.579259, 0.213097, 0.129250, 0.078394}, p, 1e-5, 0);
    }

    @Test
    @DisplayName("softmax of [1000, 999] is [0.7311, 0.2689], not NaN")
    void softmaxLargeLogits() {
        Tensor p = math.softmax(Tensor.vector(1000f, 999f));
        assertClose("softmax", new double[] {0.731059, 0.268941}, p, 1e-5, 0);
    }

    @Test
    @DisplayName("softmax gives probability exactly 0 to -Infinity entries")
    void softmaxNegativeInfinity() {
        float inf = Float.NEGATIVE_INFINITY;
        Tensor p = math.softmax(Tensor.matrix(new float[][] {{0, inf, 0, inf}, {inf, inf, 3, inf}}));
        assertArrayEquals(new float[] {0.5f, 0f, 0.5f, 0f, 0f, 0f, 1f, 0f}, p.toArray());
    }

    @Test
    @DisplayName("softmax works along the last dimension of a rank-3 tensor")
    void softmaxRank3() {
        SplittableRandom random = new SplittableRandom(3);
        Tensor x = uniform(random, -4, 4, 2, 3, 5);
        Tensor p = math.softmax(x);
        assertShape("softmax", p, 2, 3, 5);
        float[] in = x.toArray();
        double[] expected = new double[in.length];
        for (int r = 0; r < 6; r++) {
            double[] row = new double[5];
            for (int j = 0; j < 5; j++) {
                row[j] = in[r * 5 + j];
            }
            System.arraycopy(Naive.softmax(row), 0, expected, r * 5, 5);
        }
        assertClose("softmax", expected, p, 1e-6, 1e-5);
    }

    @Test
    @DisplayName("softmax of a transposed view normalises the view's rows, not the buffer's")
    void softmaxOfView() {
        Tensor base = Tensor.matrix(new float[][] {{0, 1}, {0, 2}});   // view rows: [0, 0] and [1, 2]
        Tensor p = math.softmax(base.transpose(0, 1));
        double e = Math.exp(1);
        assertClose("softmax", new double[] {0.5, 0.5, 1 / (1 + e), e / (1 + e)}, p, 1e-6, 0);
    }

    @Test
    @DisplayName("no operation changes its inputs")
    void inputsUntouched() {
        SplittableRandom random = new SplittableRandom(11);
        Tensor a = uniform(random, -1, 1, 7, 5);
        Tensor b = uniform(random, -1, 1, 5, 9);
        Tensor c = uniform(random, -1, 1, 7, 5);
        float[] a0 = a.toArray();
        float[] b0 = b.toArray();
        float[] c0 = c.toArray();
        math.matmul(a, b);
        math.transpose(a);
        math.add(a, c);
        math.softmax(a);
        assertArrayEquals(a0, a.toArray());
        assertArrayEquals(b0, b.toArray());
        assertArrayEquals(c0, c.toArray());
    }

    // ---- properties (seeded) ----

    @Test
    @DisplayName("softmax rows lie in [0, 1] and sum to 1, for 50 random shapes and scales")
    void softmaxRowsAreDistributions() {
        for (int seed = 0; seed < 50; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int rows = 1 + random.nextInt(9);
            int cols = Fixtures.pick(random, Fixtures.ODD_SIZES);
            double scale = Math.pow(10, random.nextInt(-2, 4));        // 0.01 .. 1000
            Tensor p = math.softmax(uniform(random, -scale, scale, rows, cols));
            float[] v = p.toArray();
            for (int r = 0; r < rows; r++) {
                double sum = 0;
                for (int j = 0; j < cols; j++) {
                    float x = v[r * cols + j];
                    assertTrue(x >= 0 && x <= 1, "seed " + seed + ": probability " + x + " outside [0, 1]");
                    sum += x;
                }
                assertEquals(1.0, sum, 1e-5, "seed " + seed + ": row " + r + " sums to " + sum);
            }
        }
    }

    @Test
    @DisplayName("adding a constant to a row does not change its softmax (50 seeds)")
    void softmaxShiftInvariant() {
        for (int seed = 0; seed < 50; seed++) {
            SplittableRandom random = new SplittableRandom(1000 + seed);
            int cols = Fixtures.pick(random, Fixtures.ODD_SIZES);
            // Values k/16 and an integer shift: x + c is exact in float, so the test sees only softmax's own error.
            float[] values = new float[3 * cols];
            float[] shifted = new float[3 * cols];
            float shift = random.nextInt(-100, 101);
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextInt(-80, 81) / 16f;
                shifted[i] = values[i] + shift;
            }
            Tensor x = Tensor.of(values, 3, cols);
            float[] p = math.softmax(x).toArray();
            float[] q = math.softmax(Tensor.of(shifted, 3, cols)).toArray();
            assertClose("seed " + seed + " shift " + shift, Fixtures.toDouble(p), q, 2e-6, 1e-5);
        }
    }

    @Test
    @DisplayName("softmax stays finite and correct for logits around ±1e4")
    void softmaxStableForHugeLogits() {
        for (int seed = 0; seed < 50; seed++) {
            SplittableRandom random = new SplittableRandom(2000 + seed);
            int cols = Fixtures.pick(random, Fixtures.ODD_SIZES);
            float[] x = new float[cols];
            double[] centred = new double[cols];
            float base = random.nextBoolean() ? 1e4f : -1e4f;
            for (int j = 0; j < cols; j++) {
                x[j] = base + (float) random.nextInt(-8, 8);         // exact in float
                centred[j] = x[j] - base;
            }
            float[] p = math.softmax(Tensor.of(x, 1, cols)).toArray();
            assertClose("seed " + seed, Naive.softmax(centred), p, 1e-6, 1e-5);
        }
    }

    // ---- errors ----

    @Test
    @DisplayName("matmul with different inner sizes throws, naming both shapes")
    void matmulInnerMismatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> math.matmul(Tensor.zeros(2, 3), Tensor.zeros(4, 5)));
        assertNamesShapes(e, new int[] {2, 3}, new int[] {4, 5});
    }

    @Test
    @DisplayName("matmul of a tensor that is not 2-D throws IllegalArgumentException")
    void matmulNot2d() {
        assertThrows(IllegalArgumentException.class, () -> math.matmul(Tensor.zeros(6), Tensor.zeros(6, 2)));
        assertThrows(IllegalArgumentException.class, () -> math.matmul(Tensor.zeros(2, 3), Tensor.zeros(3, 2, 1)));
    }

    @Test
    @DisplayName("transpose of a tensor that is not 2-D throws IllegalArgumentException")
    void transposeNot2d() {
        assertThrows(IllegalArgumentException.class, () -> math.transpose(Tensor.zeros(2, 3, 4)));
    }

    @Test
    @DisplayName("add of different shapes throws, naming both shapes")
    void addMismatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> math.add(Tensor.zeros(2, 3), Tensor.zeros(3, 2)));
        assertNamesShapes(e, new int[] {2, 3}, new int[] {3, 2});
        assertFalse(e.getMessage().isBlank());
    }
}
