package dev.llmf.reference.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmf.contract.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CPU product against the definition it promises: every element the in-order chain of fused multiply-adds over
 * the inner dimension, bit for bit, whether A is read where it lies or packed in tiles (a transposed view, LayerNorm's
 * rows, rows packed by the in-register transpose), B packed on the fly by the product's tasks or once as a weight, in
 * shapes with partial tiles and panels, more than one slice of the inner dimension, a single row, and enough work to
 * run on the helper threads.
 */
@DisplayName("CpuMatmul")
class CpuMatmulTest {

    @ParameterizedTest(name = "[{0}, {1}] · [{1}, {2}]")
    @CsvSource({"1, 700, 45", "7, 33, 5", "37, 600, 70", "129, 520, 97", "256, 256, 256"})
    @DisplayName("each element is its row and column's fused multiply-adds in order, for every operand layout")
    void inOrderFusedSums(int m, int k, int n) {
        SplittableRandom random = new SplittableRandom(m * 31L + k * 7L + n);
        float[] a = values(random, m * k);
        float[] b = values(random, k * n);
        float[] expected = inOrder(a, b, m, k, n);
        Tensor rowMajorA = Tensor.of(a, m, k);
        Tensor transposedA = Tensor.of(transpose(a, m, k), k, m).transpose(0, 1);
        Tensor rowMajorB = Tensor.of(b, k, n);
        Tensor transposedB = Tensor.of(transpose(b, k, n), n, k).transpose(0, 1);
        for (Tensor left : new Tensor[] {rowMajorA, transposedA}) {
            for (Tensor right : new Tensor[] {rowMajorB, transposedB}) {
                assertBits(expected, CpuMatmul.multiply(left, right), "plain product");
            }
            assertBits(expected, CpuMatmul.multiply(left, PackedMatrix.pack(rowMajorB)), "packed weight");
        }
    }

    @ParameterizedTest(name = "[{0}, {1}] · [{1}, {2}]")
    @CsvSource({"2, 17, 33", "7, 33, 5", "37, 600, 70", "129, 520, 97", "256, 256, 256"})
    @DisplayName("A packed in tiles (any step count, partial tiles) gives the in-order fused multiply-adds of A")
    void packedRowsInOrderFusedSums(int m, int k, int n) {
        SplittableRandom random = new SplittableRandom(m * 17L + k * 5L + n);
        float[] a = values(random, m * k);
        float[] b = values(random, k * n);
        float[] expected = inOrder(a, b, m, k, n);
        Tensor transposedA = Tensor.of(transpose(a, m, k), k, m).transpose(0, 1);
        for (Tensor left : new Tensor[] {Tensor.of(a, m, k), transposedA}) {
            float[] packed = new float[PackedRows.length(m, k)];
            Arrays.fill(packed, Float.NaN);                         // a number the packing missed would show
            assertBits(expected, product(PackedRows.pack(left, packed, true), m, k, b, n), "packed rows");
        }
    }

    @ParameterizedTest(name = "[{0}, {1}] · [{1}, {2}]")
    @CsvSource({"1, 40, 45", "7, 33, 5", "37, 384, 70", "129, 520, 97"})
    @DisplayName("LayerNorm's rows, packed for the product, give the in-order fused multiply-adds of the normalised rows")
    void normalizedRowsInOrderFusedSums(int m, int k, int n) {
        SplittableRandom random = new SplittableRandom(m * 13L + k * 3L + n);
        int ld = k + 9;
        float[] x = values(random, m * ld);
        float[] gamma = values(random, k);
        float[] beta = values(random, k);
        float[] b = values(random, k * n);
        float[] normalized = new float[m * k];
        for (int r = 0; r < m; r++) {
            System.arraycopy(x, r * ld, normalized, r * k, k);
            CpuRows.layerNorm(normalized, r * k, k, gamma, beta, 1e-5f);
        }
        float[] out = new float[PackedRows.length(m, k)];
        LeftOperand rows = CpuMatmul.normalizeRows(x, 0, ld, m, k, gamma, beta, 1e-5f, out, true);

        // the packed numbers are LayerNorm's to rounding: its vector sums may be added in another order where the
        // JIT has compiled them (this thread and a helper need not agree), so the bits are compared after that
        float[] unpacked = new float[m * k];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                unpacked[i * k + p] = rows instanceof RowMajor r ? r.data()[r.at() + i * r.ld() + p]
                        : out[(i / CpuMatmul.MR) * k * CpuMatmul.MR + p * CpuMatmul.MR + i % CpuMatmul.MR];
            }
        }
        for (int i = 0; i < m * k; i++) {
            assertEquals(normalized[i], unpacked[i], 1e-5f * Math.max(1f, Math.abs(normalized[i])), "LayerNorm of " + i);
        }
        assertBits(inOrder(unpacked, b, m, k, n), product(rows, m, k, b, n), "normalised rows");
    }

    @ParameterizedTest(name = "[{0}, {1}] · [{1}, {2}]")
    @CsvSource({"1, 40, 45", "37, 40, 70", "129, 520, 97", "256, 384, 1536"})
    @DisplayName("GELU's epilogue packs C block by block as GELU leaves it: the same as that C packed whole, padding rows 0")
    void geluPackedEpilogue(int m, int k, int n) {
        SplittableRandom random = new SplittableRandom(m * 11L + k * 5L + n);
        float[] a = values(random, m * k);
        PackedMatrix b = PackedMatrix.pack(Tensor.of(values(random, k * n), k, n));
        int ldc = PackedMatrix.padded(n);
        float[] c = new float[CpuMatmul.tiles(m) * CpuMatmul.MR * ldc];
        float[] packed = new float[PackedRows.length(m, n)];
        Arrays.fill(packed, Float.NaN);                             // a number the epilogue missed would show
        CpuMatmul.product(new RowMajor(a, 0, k), m, k, b, c, 0, ldc,
                CpuMatmul.Epilogue.geluPacked(new PackedRows(packed, n)));

        // compared with the C this product left, not with a second product's: the vector exponential's last bit
        // can differ between a JIT-compiled and an interpreted GELU, and the two products may meet either
        float[] expected = new float[PackedRows.length(m, n)];
        PackedRows.pack(Tensor.of(CpuMatmul.unpadded(c, ldc, m, n), m, n), expected, false);
        assertBits(expected, Tensor.of(packed, packed.length), "packed by the epilogue");
    }

    private static Tensor product(LeftOperand a, int m, int k, float[] b, int n) {
        int ldc = PackedMatrix.padded(n);
        float[] c = new float[CpuMatmul.tiles(m) * CpuMatmul.MR * ldc];
        CpuMatmul.product(a, m, k, PackedMatrix.pack(Tensor.of(b, k, n)), c, 0, ldc, CpuMatmul.Epilogue.NONE);
        return Tensor.of(CpuMatmul.unpadded(c, ldc, m, n), m, n);
    }

    private static void assertBits(float[] expected, Tensor actual, String what) {
        float[] got = actual.contiguous().toArray();
        assertEquals(expected.length, got.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(got[i]),
                    what + ": element " + i + " is " + got[i] + ", the in-order sum " + expected[i]);
        }
    }

    private static float[] inOrder(float[] a, float[] b, int m, int k, int n) {
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    sum = Math.fma(a[i * k + p], b[p * n + j], sum);
                }
                c[i * n + j] = sum;
            }
        }
        return c;
    }

    private static float[] transpose(float[] x, int rows, int cols) {
        float[] t = new float[x.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = x[r * cols + c];
            }
        }
        return t;
    }

    private static float[] values(SplittableRandom random, int count) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }
}
