package dev.llmf.reference.backend;

import static dev.llmf.reference.backend.CpuMatmul.NR;

/**
 * One layer's keys and values for up to {@code capacity} positions, per head, in the layouts the matmul kernel reads
 * as its right-hand side: the keys transposed ({@code K_hᵀ [dh, positions]}, panels of NR positions) for the scores
 * {@code Q·Kᵀ}, the values as they are ({@code V_h [positions, dh]}, panels of NR columns) for {@code P·V}. Storing a
 * position writes one column of the keys and one row of the values, so a decoding step adds its token without
 * touching the others.
 */
final class KeyValueCache {

    private final int heads;
    private final int dk;               // a head's key (and query) width
    private final int dv;               // a head's value width
    private final int capacity;
    private final int keyPanels;        // panels of NR positions, per head
    private final int valuePanels;      // panels of NR columns of dv, per head
    private final float[] keys;         // [head][key panel][dk][NR]
    private final float[] values;       // [head][value panel][capacity][NR]

    KeyValueCache(int heads, int dk, int dv, int capacity) {
        this.heads = heads;
        this.dk = dk;
        this.dv = dv;
        this.capacity = capacity;
        this.keyPanels = PackedMatrix.panels(capacity);
        this.valuePanels = PackedMatrix.panels(dv);
        this.keys = new float[heads * keyPanels * dk * NR];
        this.values = new float[heads * valuePanels * capacity * NR];
    }

    int heads() {
        return heads;
    }

    int keyWidth() {
        return dk;
    }

    int valueWidth() {
        return dv;
    }

    /**
     * Stores {@code rows} positions from {@code start} on: row {@code i}'s key is {@code k[kAt + i·ldk ..]} and its
     * value {@code v[vAt + i·ldv ..]}, heads side by side ({@code heads·dk} and {@code heads·dv} numbers).
     */
    void store(float[] k, int kAt, int ldk, float[] v, int vAt, int ldv, int rows, int start) {
        if (start < 0 || start + rows > capacity) {
            throw new IllegalArgumentException("positions " + start + ".." + (start + rows - 1)
                    + " do not fit a cache of " + capacity);
        }
        Workers.forEach(heads, (long) rows * heads * (dk + dv) >= CpuMatmul.PARALLEL_PACK, h -> {
            for (int i = 0; i < rows; i++) {
                int position = start + i;
                int src = kAt + i * ldk + h * dk;
                int dst = h * keyPanels * dk * NR + (position / NR) * dk * NR + position % NR;
                for (int p = 0; p < dk; p++) {
                    keys[dst + p * NR] = k[src + p];
                }
                int vSrc = vAt + i * ldv + h * dv;
                for (int panel = 0; panel < valuePanels; panel++) {
                    int width = Math.min(NR, dv - panel * NR);
                    System.arraycopy(v, vSrc + panel * NR, values,
                            ((h * valuePanels + panel) * capacity + position) * NR, width);
                }
            }
        });
    }

    /** {@code K_hᵀ [dk, count]}: head h's keys at positions {@code 0 .. count-1}, as a right-hand side. */
    PackedMatrix keys(int head, int count) {
        return new PackedMatrix(keys, head * keyPanels * dk * NR, dk * NR, dk, count);
    }

    /** {@code V_h [count, dv]}: head h's values at positions {@code 0 .. count-1}, as a right-hand side. */
    PackedMatrix values(int head, int count) {
        return new PackedMatrix(values, head * valuePanels * capacity * NR, capacity * NR, count, dv);
    }
}
