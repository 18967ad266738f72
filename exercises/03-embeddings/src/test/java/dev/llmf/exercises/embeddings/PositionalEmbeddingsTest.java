package dev.llmf.exercises.embeddings;

import dev.llmf.contract.Embeddings;
import dev.llmf.contract.Tensor;
import dev.llmf.exercises.support.Approx;
import dev.llmf.exercises.support.NotYetImplemented;
import dev.llmf.exercises.support.RandomTensors;
import dev.llmf.exercises.support.Subject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Public tests for exercise 3. Run them with
 * {@code ./mvnw -q test -Dllmf.selfcheck -pl exercises/03-embeddings -am}; see the README for the worked examples.
 */
@ExtendWith(NotYetImplemented.class)
class PositionalEmbeddingsTest {

    /** A tiny embedding table: 4 tokens ("the", "cat", "sat", "on"), 4 numbers each. */
    private static final float[][] TABLE = {
        {0.12f, -0.50f, 0.33f, 0.78f},
        {0.78f, 0.30f, -0.12f, 0.45f},
        {0.45f, -0.10f, 0.67f, -0.23f},
        {0.33f, 0.89f, 0.11f, 0.56f},
    };

    private final Embeddings embeddings = Subject.of(Embeddings.class, PositionalEmbeddings::new);

    // ---- lookup ----

    @Test
    @DisplayName("lookup copies row ids[t] of the table into row t of the result, repeats included")
    void lookup_picksOneRowPerId() {
        Tensor table = Tensor.matrix(TABLE);

        Tensor out = embeddings.lookup(table, new int[] {2, 0, 2});

        Approx.assertTensorClose("lookup(table, [2, 0, 2]) — row t of the result is table row ids[t]",
                Tensor.matrix(new float[][] {TABLE[2], TABLE[0], TABLE[2]}), out, Approx.TOLERANCE);
    }

    @Test
    @DisplayName("lookup returns a new tensor: writing to the result leaves the table unchanged")
    void lookup_returnsACopyNotAView() {
        Tensor table = Tensor.matrix(TABLE);

        Tensor out = embeddings.lookup(table, new int[] {1});
        assertNotNull(out, "lookup returned null");
        out.set(99f, 0, 0);

        assertEquals(TABLE[1][0], table.get(1, 0), "writing into the lookup result changed the table: return a "
                + "copy of the rows (e.g. Tensor.zeros(ids.length, d) filled in), not table.row(id) or rows(...)");
    }

    @Test
    @DisplayName("lookup rejects an id of V or more, or below 0, with a message that names the id and V")
    void lookup_idOutOfRange_throwsNamingIt() {
        Tensor table = Tensor.matrix(TABLE);

        IllegalArgumentException atV = assertThrows(IllegalArgumentException.class,
                () -> embeddings.lookup(table, new int[] {1, 4}),
                "id 4 is one past the last row of a table with V = 4 rows (ids 0..3): lookup should throw "
                        + "IllegalArgumentException (check id >= V, not id > V)");
        assertTrue(String.valueOf(atV.getMessage()).contains("4"), "the message should name the bad id 4; it was: "
                + atV.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> embeddings.lookup(table, new int[] {1, 7}),
                "id 7 is not a row of a table with V = 4 rows: lookup should throw IllegalArgumentException");
        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains("7") && message.contains("4"),
                "the message should name the bad id (7) and the vocabulary size (4); it was: " + message);
        assertThrows(IllegalArgumentException.class, () -> embeddings.lookup(table, new int[] {-1}),
                "a negative id should throw IllegalArgumentException, not IndexOutOfBoundsException");
    }

    // ---- sinusoidal and addPositions ----

    @Test
    @DisplayName("the sinusoidal table holds sin and cos of pos / 10000^(2i/dim) in columns 2i and 2i+1")
    void sinusoidal_valuesFollowTheFormula() {
        int positions = 60;
        int dim = 8;

        Tensor pe = embeddings.sinusoidal(positions, dim);

        assertNotNull(pe, "sinusoidal returned null");
        assertArrayEquals(new int[] {positions, dim}, pe.shape(), "sinusoidal(60, 8) should have shape [60, 8] but "
                + "had " + Arrays.toString(pe.shape()));
        Approx.assertArrayClose("row 0 of the sinusoidal table — sin(0) = 0 and cos(0) = 1",
                new float[] {0, 1, 0, 1, 0, 1, 0, 1}, pe.row(0).toArray(), Approx.TOLERANCE);
        int[][] cases = {{1, 0}, {1, 3}, {7, 1}, {59, 2}};           // {pos, i}
        for (int[] c : cases) {
            int pos = c[0];
            int i = c[1];
            double angle = pos / Math.pow(Embeddings.BASE, 2.0 * i / dim);
            assertEquals(Math.sin(angle), pe.get(pos, 2 * i), Approx.TOLERANCE, "PE[" + pos + "][" + (2 * i)
                    + "] should be sin(" + pos + " / 10000^(" + (2 * i) + "/" + dim + ")) = " + Math.sin(angle)
                    + "; check the exponent is 2.0 * i / dim: i is the pair index (not the column), and the division "
                    + "must not be integer division");
            assertEquals(Math.cos(angle), pe.get(pos, 2 * i + 1), Approx.TOLERANCE, "PE[" + pos + "]["
                    + (2 * i + 1) + "] should be cos of the same angle as column " + (2 * i) + " = " + Math.cos(angle));
        }
    }

    @Test
    @DisplayName("sinusoidal(0, d) is an empty [0, d] table, and a negative number of positions is refused")
    void sinusoidal_noPositions_isEmpty() {
        Tensor none = embeddings.sinusoidal(0, 4);

        assertNotNull(none, "sinusoidal(0, 4) returned null");
        assertArrayEquals(new int[] {0, 4}, none.shape(), "sinusoidal(0, 4) is a table with no rows, shape [0, 4]");
        assertThrows(IllegalArgumentException.class, () -> embeddings.sinusoidal(-1, 4),
                "sinusoidal(-1, 4) should throw IllegalArgumentException: there is no table with -1 rows");
    }

    @Test
    @DisplayName("addPositions adds table row t to token row t: \"cat\" at position 2 becomes "
            + "[1.69, -0.12, 0.02, -0.54]")
    void addPositions_addsRowByRow() {
        Tensor tokens = Tensor.matrix(new float[][] {TABLE[0], TABLE[1], TABLE[1]});   // "the cat cat"
        Tensor learned = Tensor.matrix(new float[][] {                              // a learned table, P = 4
            {0.1f, 0.2f, 0.3f, 0.4f},
            {-1f, -1f, 1f, 1f},
            {0.91f, -0.42f, 0.14f, -0.99f},
            {9f, 9f, 9f, 9f},
        });

        Tensor out = embeddings.addPositions(tokens, learned);

        Approx.assertTensorClose("addPositions — out[t] = tokens[t] + positionTable[t]; the table's row 3 is not "
                        + "used because there are only 3 tokens",
                Tensor.matrix(new float[][] {
                    {0.22f, -0.30f, 0.63f, 1.18f},
                    {-0.22f, -0.70f, 0.88f, 1.45f},
                    {1.69f, -0.12f, 0.02f, -0.54f},
                }), out, Approx.TOLERANCE);
    }

    @Test
    @DisplayName("addPositions refuses a table of the wrong width or with fewer rows than tokens")
    void addPositions_badShapes_throw() {
        Tensor tokens = Tensor.zeros(3, 4);

        assertThrows(IllegalArgumentException.class, () -> embeddings.addPositions(tokens, Tensor.zeros(8, 6)),
                "tokens are 4 wide but the position table is 6 wide: addPositions should throw "
                        + "IllegalArgumentException");
        assertThrows(IllegalArgumentException.class, () -> embeddings.addPositions(tokens, Tensor.zeros(2, 4)),
                "3 tokens need at least 3 position rows but the table has 2: addPositions should throw "
                        + "IllegalArgumentException");
    }

    // ---- rotary ----

    @Test
    @DisplayName("rotary turns [1, 0, 1, 0] at position t into [cos t, sin t, cos 0.01t, sin 0.01t]")
    void rotary_smallExample_matchesTheFormula() {
        Tensor x = Tensor.matrix(new float[][] {{1, 0, 1, 0}, {1, 0, 1, 0}, {1, 0, 1, 0}});

        Tensor out = embeddings.rotary(x);

        // d = 4: theta_0 = 10000^(-0/4) = 1, theta_1 = 10000^(-2/4) = 0.01
        float[][] expected = new float[3][];
        for (int t = 0; t < 3; t++) {
            expected[t] = new float[] {
                (float) Math.cos(t * 1.0), (float) Math.sin(t * 1.0),
                (float) Math.cos(t * 0.01), (float) Math.sin(t * 0.01)};
        }
        Approx.assertTensorClose("rotary of three copies of [1, 0, 1, 0] — pair i at position t turns by the angle "
                        + "t * 10000^(-2i/d); if row 1 came out as [0.540302, 0.841471, 0.540302, 0.841471] every pair "
                        + "used theta_0 (integer division in 2i/d?)", Tensor.matrix(expected), out, Approx.TOLERANCE);
        assertArrayEquals(new float[] {1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0}, x.toArray(),
                "rotary changed its input; it must return a new tensor");
    }

    @Test
    @DisplayName("rotary leaves row 0 unchanged and keeps the length of every pair")
    void rotary_rowZeroUnchangedAndPairLengthsKept() {
        Tensor x = RandomTensors.uniform(3, 6, 8);                  // seed 3, shape [6, 8]

        Tensor out = embeddings.rotary(x);

        assertNotNull(out, "rotary returned null");
        assertArrayEquals(new int[] {6, 8}, out.shape(), "rotary must keep the shape [6, 8]; got "
                + Arrays.toString(out.shape()));
        Approx.assertArrayClose("rotary row 0 — position 0 means angle 0, a rotation that changes nothing",
                x.row(0).toArray(), out.row(0).toArray(), Approx.TOLERANCE);
        for (int t = 0; t < 6; t++) {
            for (int i = 0; i < 4; i++) {
                double before = Math.hypot(x.get(t, 2 * i), x.get(t, 2 * i + 1));
                double after = Math.hypot(out.get(t, 2 * i), out.get(t, 2 * i + 1));
                assertEquals(before, after, Approx.TOLERANCE, "pair " + i + " of row " + t + " had length " + before
                        + " but " + after + " after rotary: a rotation never changes a length. Rotate neighbours "
                        + "(2i, 2i+1) together, and read both before writing either");
            }
        }
    }

    @Test
    @DisplayName("with rotary, the dot product of a query and a key depends only on how far apart they are")
    void rotary_dotProductsDependOnlyOnDistance() {
        float[] q = {0.3f, -0.8f, 0.5f, 0.1f, -0.4f, 0.9f};
        float[] k = {0.7f, 0.2f, -0.6f, 0.4f, 0.25f, -0.5f};
        int positions = 6;
        Tensor queries = Tensor.matrix(repeat(q, positions));   // the same query at positions 0..5
        Tensor keys = Tensor.matrix(repeat(k, positions));      // the same key at positions 0..5

        Tensor rq = embeddings.rotary(queries);
        Tensor rk = embeddings.rotary(keys);

        // query at 3, key at 1 (distance 2) must score like query at 5, key at 3 (also distance 2)
        double near = dot(rq.row(3).toArray(), rk.row(1).toArray());
        double shifted = dot(rq.row(5).toArray(), rk.row(3).toArray());
        assertEquals(near, shifted, Approx.TOLERANCE, "q·k for positions (3, 1) was " + near + " but for (5, 3) was "
                + shifted + "; RoPE makes the score depend only on the distance 2. That holds when every pair turns by "
                + "an angle proportional to its row, a = t * theta_i, with a true rotation (cos, -sin; sin, cos)");
    }

    @Test
    @DisplayName("rotary refuses vectors with an odd number of coordinates")
    void rotary_oddWidth_throws() {
        assertThrows(IllegalArgumentException.class, () -> embeddings.rotary(Tensor.zeros(2, 3)),
                "rotary works on pairs of coordinates, so a width of 3 cannot be split: it should throw "
                        + "IllegalArgumentException");
    }

    private static float[][] repeat(float[] row, int times) {
        float[][] rows = new float[times][];
        Arrays.setAll(rows, t -> row.clone());
        return rows;
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
