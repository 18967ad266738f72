package dev.llmf.reference.backend;

import dev.llmf.contract.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.stream.IntStream;

/**
 * Single-precision matrix product with the Vector API: B is packed once into panels of {@code 2·L} columns
 * (L = float lanes), then a 4-row × 2-vector register tile walks the whole inner dimension per panel, so every
 * loaded B vector feeds 4 fused multiply-adds. Row blocks run in parallel when the product is large enough to pay
 * for the threads.
 */
final class CpuMatmul {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int PANEL = 2 * L;          // columns per packed panel
    private static final int ROWS = 4;               // rows per register tile
    private static final long PARALLEL_FLOPS = 1L << 21;

    private CpuMatmul() {
    }

    /** {@code a [m, k] · b [k, n]}; {@code b} may be any 2-D view (e.g. a transpose). */
    static Tensor multiply(Tensor a, Tensor b) {
        int m = a.size(0);
        int k = a.size(1);
        int n = b.size(1);
        float[] left = a.contiguous().toArray();
        float[] packed = pack(b, k, n);
        float[] out = new float[m * n];
        int rowBlocks = (m + ROWS - 1) / ROWS;
        IntStream blocks = IntStream.range(0, rowBlocks);
        if ((long) m * n * k >= PARALLEL_FLOPS && rowBlocks > 1) {
            blocks = blocks.parallel();
        }
        blocks.forEach(block -> {
            int row = block * ROWS;
            int rows = Math.min(ROWS, m - row);
            for (int panel = 0; panel * PANEL < n; panel++) {
                if (rows == ROWS) {
                    tile4(left, packed, out, row, panel, k, n);
                } else {
                    tileRows(left, packed, out, row, rows, panel, k, n);
                }
            }
        });
        return Tensor.of(out, m, n);
    }

    /** Packs {@code b [k, n]} panel by panel: panel {@code q} holds rows 0..k-1 of columns {@code [q·2L, q·2L+2L)}. */
    private static float[] pack(Tensor b, int k, int n) {
        int panels = (n + PANEL - 1) / PANEL;
        float[] packed = new float[panels * k * PANEL];
        float[] data = b.data();
        int[] strides = b.strides();
        int base = b.offset();
        for (int q = 0; q < panels; q++) {
            int col0 = q * PANEL;
            int width = Math.min(PANEL, n - col0);
            for (int p = 0; p < k; p++) {
                int dst = (q * k + p) * PANEL;
                int src = base + p * strides[0] + col0 * strides[1];
                if (strides[1] == 1) {
                    System.arraycopy(data, src, packed, dst, width);
                } else {
                    for (int j = 0; j < width; j++) {
                        packed[dst + j] = data[src + j * strides[1]];
                    }
                }
            }
        }
        return packed;
    }

    // The 4 × 2L register tile: 8 accumulators, two B loads and four A broadcasts per step of the inner dimension.
    private static void tile4(float[] a, float[] packed, float[] out, int row, int panel, int k, int n) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        int a0 = row * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
        int bp = panel * k * PANEL;
        for (int p = 0; p < k; p++, bp += PANEL) {
            FloatVector b0 = FloatVector.fromArray(S, packed, bp);
            FloatVector b1 = FloatVector.fromArray(S, packed, bp + L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
        }
        store(out, row, panel, n, c00, c01);
        store(out, row + 1, panel, n, c10, c11);
        store(out, row + 2, panel, n, c20, c21);
        store(out, row + 3, panel, n, c30, c31);
    }

    // Leftover rows (fewer than 4): one row at a time, same panel layout.
    private static void tileRows(float[] a, float[] packed, float[] out, int row, int rows, int panel, int k, int n) {
        for (int r = row; r < row + rows; r++) {
            FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S);
            int ar = r * k;
            int bp = panel * k * PANEL;
            for (int p = 0; p < k; p++, bp += PANEL) {
                FloatVector x = FloatVector.broadcast(S, a[ar + p]);
                c0 = x.fma(FloatVector.fromArray(S, packed, bp), c0);
                c1 = x.fma(FloatVector.fromArray(S, packed, bp + L), c1);
            }
            store(out, r, panel, n, c0, c1);
        }
    }

    private static void store(float[] out, int row, int panel, int n, FloatVector v0, FloatVector v1) {
        int col0 = panel * PANEL;
        int at = row * n + col0;
        int width = n - col0;
        if (width >= PANEL) {
            v0.intoArray(out, at);
            v1.intoArray(out, at + L);
            return;
        }
        // Last, partial panel: the padded columns hold zeros and are not written.
        float[] tmp = new float[PANEL];
        v0.intoArray(tmp, 0);
        v1.intoArray(tmp, L);
        System.arraycopy(tmp, 0, out, at, width);
    }
}
