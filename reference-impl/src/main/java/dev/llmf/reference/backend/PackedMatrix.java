package dev.llmf.reference.backend;

import static dev.llmf.reference.backend.CpuMatmul.NR;

import dev.llmf.contract.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A right-hand matrix {@code B [k, n]} in the layout {@link CpuMatmul}'s kernel reads: panels of {@link CpuMatmul#NR}
 * columns, each stored row by row ({@code [panel][p][NR]}), zero-padded on the right. Panel {@code j} starts at
 * {@code base + j·panelStride}. A packed weight is made once and kept ({@link WeightPacks}); the attention's key and
 * value caches are views of this kind onto their own arrays.
 *
 * @param data        the packed numbers
 * @param base        where panel 0 starts
 * @param panelStride how far apart panels start (at least {@code k·NR})
 * @param k           rows of B (the inner dimension of the product)
 * @param n           columns of B, without the padding
 */
record PackedMatrix(float[] data, int base, int panelStride, int k, int n) {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    int panels() {
        return panels(n);
    }

    /** Panels needed for {@code columns} columns. */
    static int panels(int columns) {
        return (columns + NR - 1) / NR;
    }

    /** {@code columns} rounded up to whole panels. */
    static int padded(int columns) {
        return panels(columns) * NR;
    }

    /** B (any 2-D view) packed into a new array. */
    static PackedMatrix pack(Tensor b) {
        int k = b.size(0);
        int n = b.size(1);
        float[] packed = new float[padded(n) * k];
        packInto(b, packed, 0);
        return new PackedMatrix(packed, 0, k * NR, k, n);
    }

    /**
     * Writes B's panels into {@code packed} from {@code at} on ({@code padded(n)·k} numbers, padding included).
     * Large matrices are packed by all cores.
     */
    static void packInto(Tensor b, float[] packed, int at) {
        Workers.forEach(panels(b.size(1)), (long) b.size(0) * b.size(1) >= CpuMatmul.PARALLEL_COPY,
                panel -> packPanel(b, packed, at, panel));
    }

    /** Panel {@code panel} of B into {@code packed} (panels from {@code at} on), its padding columns set to 0. */
    static void packPanel(Tensor b, float[] packed, int at, int panel) {
        int k = b.size(0);
        int n = b.size(1);
        float[] data = b.data();
        int rowStride = b.strides()[0];
        int colStride = b.strides()[1];
        int base = b.offset();
        int col0 = panel * NR;
        int width = Math.min(NR, n - col0);
        int start = at + panel * k * NR;
        if (rowStride == 1 && colStride != 1) {           // B is a transposed matrix: read its columns straight
            for (int j = 0; j < width; j++) {
                int src = base + (col0 + j) * colStride;
                int dst = start + j;
                for (int p = 0; p < k; p++) {
                    packed[dst + p * NR] = data[src + p];
                }
            }
        } else {
            for (int p = 0; p < k; p++) {
                int dst = start + p * NR;
                int src = base + p * rowStride + col0 * colStride;
                if (colStride == 1 && width == NR) {        // two vectors: faster than a call to arraycopy
                    FloatVector.fromArray(S, data, src).intoArray(packed, dst);
                    FloatVector.fromArray(S, data, src + S.length()).intoArray(packed, dst + S.length());
                } else if (colStride == 1) {
                    System.arraycopy(data, src, packed, dst, width);
                } else {
                    for (int j = 0; j < width; j++) {
                        packed[dst + j] = data[src + j * colStride];
                    }
                }
            }
        }
        if (width < NR) {                                   // the buffer may be reused: clear the padding
            for (int p = 0; p < k; p++) {
                java.util.Arrays.fill(packed, start + p * NR + width, start + (p + 1) * NR, 0f);
            }
        }
    }
}
