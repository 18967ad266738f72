package dev.llmf.reference.backend;

import dev.llmf.contract.Embeddings;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The position tables of {@link Embeddings}, computed in double precision as the contract states and kept: row
 * {@code t} does not depend on how many rows a table has, so the longest table made so far for a width serves every
 * shorter request. Callers must not write into the arrays they get.
 */
public final class PositionTables {

    private static final Map<Integer, float[]> SINUSOIDAL = new ConcurrentHashMap<>();
    private static final Map<Integer, float[]> ROPE_COS = new ConcurrentHashMap<>();
    private static final Map<Integer, float[]> ROPE_SIN = new ConcurrentHashMap<>();

    private PositionTables() {
    }

    /**
     * At least {@code positions} rows of the sinusoidal table of width {@code d}, row-major: entry {@code (pos, c)} is
     * {@code sin(pos / BASE^(2⌊c/2⌋/d))} for even c and {@code cos(…)} for odd c.
     */
    public static float[] sinusoidal(int positions, int d) {
        return longest(SINUSOIDAL, d, positions, d, (table, from, to) -> {
            for (int pos = from; pos < to; pos++) {
                for (int c = 0; c < d; c++) {
                    double angle = pos / Math.pow(Embeddings.BASE, 2.0 * (c / 2) / d);
                    table[pos * d + c] = (float) (c % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
                }
            }
        });
    }

    /**
     * At least {@code positions} rows of RoPE's cos (or sin) table for heads of width {@code dh}, row-major
     * {@code [positions, dh/2]}: entry {@code (t, i)} is the cos (sin) of {@code t·BASE^(−2i/dh)}.
     */
    public static float[] rope(int positions, int dh, boolean cos) {
        int half = dh / 2;
        return longest(cos ? ROPE_COS : ROPE_SIN, dh, positions, half, (table, from, to) -> {
            for (int i = 0; i < half; i++) {
                double theta = Math.pow(Embeddings.BASE, -2.0 * i / dh);
                for (int t = from; t < to; t++) {
                    double angle = t * theta;
                    table[t * half + i] = (float) (cos ? Math.cos(angle) : Math.sin(angle));
                }
            }
        });
    }

    /** Fills rows {@code [from, to)} of a table. */
    @FunctionalInterface
    private interface Rows {
        void fill(float[] table, int from, int to);
    }

    private static float[] longest(Map<Integer, float[]> cache, int key, int positions, int width, Rows rows) {
        float[] known = cache.getOrDefault(key, new float[0]);
        int have = width == 0 ? Integer.MAX_VALUE : known.length / width;
        if (have >= positions) {
            return known;
        }
        float[] table = java.util.Arrays.copyOf(known, Math.multiplyExact(positions, width));
        rows.fill(table, have, positions);
        cache.merge(key, table, (old, mine) -> old.length >= mine.length ? old : mine);
        return table;
    }
}
