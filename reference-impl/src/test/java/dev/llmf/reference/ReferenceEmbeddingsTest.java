package dev.llmf.reference;

import static dev.llmf.reference.Fixtures.assertClose;
import static dev.llmf.reference.Fixtures.assertMentions;
import static dev.llmf.reference.Fixtures.assertShape;
import static dev.llmf.reference.Fixtures.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.llmf.contract.Embeddings;
import dev.llmf.contract.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ReferenceEmbeddings")
class ReferenceEmbeddingsTest {

    private final Embeddings embeddings = new ReferenceEmbeddings();

    @Test
    @DisplayName("lookup copies row ids[t] of the table into row t, and the result is not a view of the table")
    void lookupRows() {
        Tensor table = Tensor.matrix(new float[][] {{0, 1}, {10, 11}, {20, 21}, {30, 31}});
        Tensor out = embeddings.lookup(table, new int[] {2, 0, 2, 3});
        assertShape("lookup", out, 4, 2);
        assertArrayEquals(new float[] {20, 21, 0, 1, 20, 21, 30, 31}, out.toArray());
        out.set2(0, 0, -1);
        assertEquals(20f, table.get2(2, 0), "writing the result must not change the table");
        assertShape("empty lookup", embeddings.lookup(table, new int[0]), 0, 2);
    }

    @Test
    @DisplayName("lookup of an id outside [0, V) throws, naming the id and V")
    void lookupBadId() {
        Tensor table = Tensor.zeros(5, 3);
        assertMentions(assertThrows(IllegalArgumentException.class, () -> embeddings.lookup(table, new int[] {1, 7})),
                "7", "5");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> embeddings.lookup(table, new int[] {-2})),
                "-2", "5");
    }

    @Test
    @DisplayName("sinusoidal row 0 is [0,1,0,1,…], row 1 starts with sin 1, cos 1, and all match the formula")
    void sinusoidalValues() {
        Tensor pe = embeddings.sinusoidal(50, 16);
        assertShape("table", pe, 50, 16);
        assertClose("row 0", new double[] {0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1}, pe.row(0), 0, 0);
        assertEquals(0.841471, pe.get2(1, 0), 1e-6);
        assertEquals(0.540302, pe.get2(1, 1), 1e-6);
        // column 2 (i = 1): angle = pos / 10000^(2/16)
        assertEquals(Math.sin(7 / Math.pow(10000, 2.0 / 16)), pe.get2(7, 2), 1e-6);
        for (int dim : new int[] {1, 7, 16, 33}) {
            assertClose("sinusoidal(20, " + dim + ")", Naive.sinusoidal(20, dim), embeddings.sinusoidal(20, dim),
                    1e-6, 0);
        }
    }

    @Test
    @DisplayName("addPositions adds row t of the table to token row t and ignores the table's extra rows")
    void addPositions() {
        Tensor tokens = Tensor.matrix(new float[][] {{1, 2}, {3, 4}});
        Tensor table = Tensor.matrix(new float[][] {{10, 20}, {30, 40}, {50, 60}});
        Tensor out = embeddings.addPositions(tokens, table);
        assertShape("sum", out, 2, 2);
        assertArrayEquals(new float[] {11, 22, 33, 44}, out.toArray());
        assertArrayEquals(new float[] {1, 2, 3, 4}, tokens.toArray(), "the input must not change");
    }

    @Test
    @DisplayName("addPositions throws when widths differ or the table has fewer rows than the tokens")
    void addPositionsErrors() {
        assertThrows(IllegalArgumentException.class,
                () -> embeddings.addPositions(Tensor.zeros(2, 3), Tensor.zeros(4, 5)));
        assertThrows(IllegalArgumentException.class,
                () -> embeddings.addPositions(Tensor.zeros(4, 3), Tensor.zeros(2, 3)));
    }

    @Test
    @DisplayName("rotary leaves row 0 alone and rotates consecutive pairs by t·10000^(−2i/d)")
    void rotaryHandValues() {
        // d = 4, row 1 = e_0 and row 2 = e_2: pair 0 turns by angle t, pair 1 by t·10000^(−1/2) = t·0.01.
        Tensor x = Tensor.matrix(new float[][] {{1, 2, 3, 4}, {1, 0, 0, 0}, {0, 0, 1, 0}});
        Tensor out = embeddings.rotary(x);
        assertShape("rotary", out, 3, 4);
        assertClose("row 0", new double[] {1, 2, 3, 4}, out.row(0), 0, 0);
        assertClose("row 1", new double[] {Math.cos(1), Math.sin(1), 0, 0}, out.row(1), 1e-6, 0);
        assertClose("row 2", new double[] {0, 0, Math.cos(0.02), Math.sin(0.02)}, out.row(2), 1e-6, 0);
    }

    @Test
    @DisplayName("rotary matches the formula on random inputs and keeps every pair's length (30 seeds)")
    void rotaryRandom() {
        for (int seed = 0; seed < 30; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int t = Fixtures.pick(random, 1, 7, 33, 65);
            int d = 2 * Fixtures.pick(random, 1, 3, 8, 33);
            Tensor x = uniform(random, -2, 2, t, d);
            Tensor out = embeddings.rotary(x);
            double[][] in = Fixtures.toMatrix(x);
            assertClose("seed " + seed, Naive.rope(in), out, 1e-5, 1e-5);
            for (int r = 0; r < t; r++) {
                for (int i = 0; i < d / 2; i++) {
                    double before = Math.hypot(in[r][2 * i], in[r][2 * i + 1]);
                    double after = Math.hypot(out.get2(r, 2 * i), out.get2(r, 2 * i + 1));
                    assertEquals(before, after, 1e-5, "seed " + seed + " row " + r + " pair " + i);
                }
            }
        }
    }

    @Test
    @DisplayName("after rotary, the dot product of a query at m and a key at n depends only on m − n")
    void rotaryRelativePosition() {
        SplittableRandom random = new SplittableRandom(42);
        int d = 8;
        float[] q = uniform(random, -1, 1, d).toArray();
        float[] k = uniform(random, -1, 1, d).toArray();
        // Put the same q (and k) at every position, rotate, and compare <q_m, k_n> for pairs with equal m − n.
        int positions = 12;
        float[] qs = new float[positions * d];
        float[] ks = new float[positions * d];
        for (int p = 0; p < positions; p++) {
            System.arraycopy(q, 0, qs, p * d, d);
            System.arraycopy(k, 0, ks, p * d, d);
        }
        Tensor rq = embeddings.rotary(Tensor.of(qs, positions, d));
        Tensor rk = embeddings.rotary(Tensor.of(ks, positions, d));
        for (int shift = 0; shift < 4; shift++) {
            double first = dot(rq.row(shift), rk.row(0));
            for (int n = 1; n + shift < positions; n++) {
                assertEquals(first, dot(rq.row(n + shift), rk.row(n)), 1e-5, "m − n = " + shift + ", n = " + n);
            }
        }
    }

    @Test
    @DisplayName("rotary of an odd width throws IllegalArgumentException")
    void rotaryOddWidth() {
        assertThrows(IllegalArgumentException.class, () -> embeddings.rotary(Tensor.zeros(3, 5)));
    }

    private static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.size(0); i++) {
            s += a.get(i) * (double) b.get(i);
        }
        return s;
    }
}
