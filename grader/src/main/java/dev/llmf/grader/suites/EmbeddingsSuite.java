package dev.llmf.grader.suites;

import dev.llmf.contract.Embeddings;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TensorMath;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static dev.llmf.grader.suites.Check.SINGLE_OP;
import static dev.llmf.grader.suites.Check.looksLike;
import static dev.llmf.grader.suites.Visibility.AFTER_DEADLINE;
import static dev.llmf.grader.suites.Visibility.NEVER;
import static dev.llmf.grader.suites.Visibility.VISIBLE;

/** Hidden tests for exercise 3 ({@link Embeddings}): lookup, sinusoidal and learned positions, RoPE. */
@DisplayName("Exercise 3 — embeddings and positional encoding")
public class EmbeddingsSuite {

    /** The course's 4-token table: the, cat, sat, on. */
    /** The course's 4-token table (the, cat, sat, on), new for every use: learner code may write into it. */
    private static Tensor courseTable() {
        return Tensor.matrix(new float[][] {
            {0.12f, -0.50f, 0.33f, 0.78f},
            {0.78f, 0.30f, -0.12f, 0.45f},
            {0.45f, -0.10f, 0.67f, -0.23f},
            {0.33f, 0.89f, 0.11f, 0.56f}});
    }

    private static final String SCALED_BY_ROOT_D = "every row was multiplied by √d: the 2017 Transformer scales its "
            + "embeddings, this contract does not; lookup copies the table rows as they are";

    private static final String READ_DATA_DIRECTLY = "your result matches reading the input's data() row by row, "
            + "ignoring its strides/offset: the input is a view, so read it with get(...), get2(i, j) or toArray()";

    private static Embeddings learner() {
        return Grading.learner(Embeddings.class);
    }

    private static Embeddings reference() {
        return Grading.reference(Embeddings.class);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Check.Hint<Tensor>[] sinusoidHints(int positions, int dim) {
        return new Check.Hint[] {
            looksLike(() -> EmbeddingVariants.sinusoidal(positions, dim, EmbeddingVariants.Sinusoid.INT_DIVISION),
                    "every column pair turns at the speed of pair 0: 2 * i / dim was computed with ints (it is 0); "
                            + "write 2.0 * i / dim"),
            looksLike(() -> EmbeddingVariants.sinusoidal(positions, dim, EmbeddingVariants.Sinusoid.COLUMN_INDEX),
                    "you used the column index c in the exponent: columns 2i and 2i+1 share the exponent 2i/dim"),
            looksLike(() -> EmbeddingVariants.sinusoidal(positions, dim, EmbeddingVariants.Sinusoid.SWAPPED),
                    "sin and cos are swapped: even columns 2i hold the sine, odd columns 2i+1 the cosine"),
            looksLike(() -> EmbeddingVariants.sinusoidal(positions, dim, EmbeddingVariants.Sinusoid.MULTIPLIED),
                    "you multiplied pos by BASE^(2i/dim): the angle is pos / BASE^(2i/dim)"),
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Check.Hint<Tensor>[] ropeHints(Tensor x) {
        return new Check.Hint[] {
            looksLike(() -> EmbeddingVariants.rotary(x, EmbeddingVariants.Rope.INT_DIVISION), "every pair turns by t radians: "
                    + "-2 * i / d was computed with ints (it is 0); write -2.0 * i / d so θ_i = BASE^(−2i/d)"),
            looksLike(() -> EmbeddingVariants.rotary(x, EmbeddingVariants.Rope.NEGATIVE_ANGLE), "you rotated the other way: "
                    + "out[2i] = x[2i]·cos a − x[2i+1]·sin a and out[2i+1] = x[2i]·sin a + x[2i+1]·cos a"),
            looksLike(() -> EmbeddingVariants.rotary(x, EmbeddingVariants.Rope.HALVES), "you paired coordinate i with i + d/2 "
                    + "(\"rotate half\"): this contract rotates consecutive pairs (2i, 2i+1)"),
            looksLike(() -> EmbeddingVariants.rotary(x, EmbeddingVariants.Rope.COLUMN_INDEX), "θ uses the column index 2i where the "
                    + "pair index i belongs: θ_i = BASE^(−2i/d) for the pair (2i, 2i+1)"),
            looksLike(() -> EmbeddingVariants.rotary(x, EmbeddingVariants.Rope.OVERWRITTEN), "the second coordinate was computed "
                    + "from the already rotated first one: read x[2i] and x[2i+1] before writing either"),
            looksLike(() -> EmbeddingVariants.rotary(x, EmbeddingVariants.Rope.FROM_ONE), "positions start at 0: row 0 is not "
                    + "rotated, row t turns by t·θ_i"),
            looksLike(() -> x.isContiguous() ? null : reference().rotary(Diagnose.ignoringStrides(x)),
                    READ_DATA_DIRECTLY),
        };
    }

    // ---- lookup ----

    @Test
    @DisplayName("lookup copies row ids[t] of the course table into row t, repeats included")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void lookupCourseTable() {
        int[] ids = {2, 0, 1, 1, 3};
        Tensor table = courseTable();
        Tensor expected = reference().lookup(table, ids);

        Tensor out = learner().lookup(table, ids);

        Check.close("lookup(table, [2, 0, 1, 1, 3]) — row t of the result is row ids[t] of the table", expected, out,
                SINGLE_OP,
                looksLike(EmbeddingsSuite::courseTable, "you returned the table itself: build a new [ids.length, d] "
                        + "tensor"),
                looksLike(() -> reference().lookup(courseTable(), new int[] {0, 1, 2, 3, 0}),
                        "row t holds table row t: it must hold table row ids[t]"),
                looksLike(() -> EmbeddingVariants.scaled(expected, Math.sqrt(4)), SCALED_BY_ROOT_D));
    }

    @Test
    @DisplayName("lookup reads the table through its strides, so a non-contiguous table view works")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void lookupFromView() {
        SplittableRandom r = Grading.random("lookupFromView");
        Tensor table = Check.strided(Check.random(r, 1, 9, 6));
        int[] ids = Check.randomIds(r, 7, 9);

        Check.close("lookup from a non-contiguous [9, 6] table, ids " + Arrays.toString(ids),
                reference().lookup(table, ids), learner().lookup(table, ids), SINGLE_OP,
                looksLike(() -> reference().lookup(Diagnose.ignoringStrides(table), ids), READ_DATA_DIRECTLY),
                looksLike(() -> reference().lookup(Diagnose.ignoringOffset(table), ids), READ_DATA_DIRECTLY));
    }

    @Test
    @DisplayName("lookup of no ids gives a [0, d] tensor, and of one id a single row")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void lookupEdges() {
        Embeddings learner = learner();
        Tensor none = learner.lookup(courseTable(), new int[0]);
        Check.that(none != null && Arrays.equals(none.shape(), new int[] {0, 4}),
                "lookup(table, []) should give shape [0, 4] (no rows, width d = 4), got "
                        + (none == null ? "null" : Arrays.toString(none.shape())));
        Check.close("lookup(table, [3])", reference().lookup(courseTable(), new int[] {3}),
                learner.lookup(courseTable(), new int[] {3}), SINGLE_OP);
    }

    @Test
    @DisplayName("lookup refuses an id of V or -1 with a message naming the id and V")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void lookupRejectsBadIds() {
        Embeddings learner = learner();
        Tensor table = Tensor.zeros(5, 3);
        Check.rejects("lookup of id 5 in a table of V = 5 rows (ids 0..4)", () -> learner.lookup(table,
                new int[] {0, 5}), "5");
        Check.rejects("lookup of id 7 in a table of V = 5 rows", () -> learner.lookup(table, new int[] {0, 7}),
                "7", "5");
        Check.rejects("lookup of id -1", () -> learner.lookup(table, new int[] {-1}), "-1");
    }

    // ---- sinusoidal ----

    @Test
    @DisplayName("the sinusoidal table for dim 4 matches the course table: sin(pos), cos(pos), sin(pos/100), cos(pos/100)")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void sinusoidalCourseTable() {
        Tensor expected = Tensor.matrix(new float[][] {
            {0.000000f, 1.000000f, 0.000000f, 1.000000f},
            {0.841471f, 0.540302f, 0.010000f, 0.999950f},
            {0.909297f, -0.416147f, 0.019999f, 0.999800f},
            {0.141120f, -0.989992f, 0.029996f, 0.999550f}});
        for (EmbeddingVariants.Sinusoid mistake : EmbeddingVariants.Sinusoid.values()) {
            Check.separates("the sinusoidal table with " + mistake, expected,
                    () -> EmbeddingVariants.sinusoidal(4, 4, mistake), SINGLE_OP);
        }

        Check.close("sinusoidal(4, 4) — angle = pos / 10000^(2i/4) for column pair i", expected,
                learner().sinusoidal(4, 4), SINGLE_OP, sinusoidHints(4, 4));
    }

    @Test
    @DisplayName("sinusoidal tables of random sizes match the reference")
    @Points(2)
    @Visibility.Shown(AFTER_DEADLINE)
    void sinusoidalRandomSizes() {
        SplittableRandom r = Grading.random("sinusoidalRandom");
        int positions = 10 + r.nextInt(30);
        int dim = 2 * (3 + r.nextInt(12));

        Check.close("sinusoidal(" + positions + ", " + dim + ")", reference().sinusoidal(positions, dim),
                learner().sinusoidal(positions, dim), SINGLE_OP, sinusoidHints(positions, dim));
    }

    @Test
    @DisplayName("sinusoidal edge cases: [[0, 1]] for one position, an odd width ends with a sine, 0 positions give [0, d]")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void sinusoidalEdges() {
        Embeddings learner = learner();
        Check.close("sinusoidal(1, 2)", Tensor.matrix(new float[][] {{0, 1}}), learner.sinusoidal(1, 2), SINGLE_OP);
        Check.close("sinusoidal(3, 5) (odd width: column 4 = 2·2 is the sine of pair 2; there is no column 5)",
                reference().sinusoidal(3, 5), learner.sinusoidal(3, 5), SINGLE_OP, sinusoidHints(3, 5));
        Tensor none = learner.sinusoidal(0, 4);
        Check.that(none != null && Arrays.equals(none.shape(), new int[] {0, 4}), "sinusoidal(0, 4) should give an "
                + "empty table of shape [0, 4] (no positions yet), got "
                + (none == null ? "null" : Arrays.toString(none.shape())));
        Check.rejects("sinusoidal(-1, 4) (a negative number of positions)", () -> learner.sinusoidal(-1, 4));
    }

    // ---- addPositions ----

    @Test
    @DisplayName("addPositions adds table rows 0..T-1 of a longer table to the token rows, also for views")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void addPositionsLongerTable() {
        SplittableRandom r = Grading.random("addPositions");
        Tensor tokens = Check.strided(Check.random(r, 1, 5, 6));
        Tensor table = Check.random(r, 1, 9, 6);
        TensorMath math = Grading.reference(TensorMath.class);
        Check.separates("adding the last T rows of the table", reference().addPositions(tokens, table),
                () -> math.add(tokens, table.rows(4, 9)), SINGLE_OP);

        Check.close("addPositions of [5, 6] token vectors (a non-contiguous view) and a [9, 6] table",
                reference().addPositions(tokens, table), learner().addPositions(tokens, table), SINGLE_OP,
                looksLike(() -> math.add(tokens, table.rows(4, 9)), "you added the LAST T rows of the table: "
                        + "token t gets position row t, starting at row 0"),
                looksLike(() -> math.add(tokens, reference().lookup(table, new int[] {0, 0, 0, 0, 0})),
                        "every token got table row 0: token t gets row t"),
                looksLike(() -> math.add(Diagnose.ignoringStrides(tokens), table.rows(0, 5)), READ_DATA_DIRECTLY));
    }

    @Test
    @DisplayName("addPositions refuses a table of another width or with fewer rows than tokens")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void addPositionsRejects() {
        Embeddings learner = learner();
        Check.rejects("addPositions of [3, 4] tokens and a [8, 5] table (widths 4 and 5 differ)",
                () -> learner.addPositions(Tensor.zeros(3, 4), Tensor.zeros(8, 5)));
        Check.rejects("addPositions of [6, 4] tokens and a [5, 4] table (5 positions for 6 tokens)",
                () -> learner.addPositions(Tensor.zeros(6, 4), Tensor.zeros(5, 4)));
    }

    // ---- rotary ----

    @Test
    @DisplayName("rotary turns [1, 2, 3, 4] at positions 0, 1, 2 exactly as in the course table")
    @Points(3)
    @Visibility.Shown(VISIBLE)
    void rotaryCourseExample() {
        Tensor x = Tensor.matrix(new float[][] {{1, 2, 3, 4}, {1, 2, 3, 4}, {1, 2, 3, 4}});
        Tensor expected = Tensor.matrix(new float[][] {
            {1, 2, 3, 4},
            {-1.142640f, 1.922076f, 2.959851f, 4.029800f},
            {-2.234742f, 0.077004f, 2.919405f, 4.059196f}});
        for (EmbeddingVariants.Rope mistake : EmbeddingVariants.Rope.values()) {
            if (mistake != EmbeddingVariants.Rope.CORRECT) {
                Check.separates("RoPE with " + mistake, expected, () -> EmbeddingVariants.rotary(x, mistake),
                        SINGLE_OP);
            }
        }

        Check.close("rotary of [1, 2, 3, 4] at positions 0..2 (θ_0 = 1, θ_1 = 0.01)", expected,
                learner().rotary(x), SINGLE_OP, ropeHints(x));
    }

    @Test
    @DisplayName("rotary of random non-contiguous inputs matches the reference")
    @Points(3)
    @Visibility.Shown(AFTER_DEADLINE)
    void rotaryRandomAgainstReference() {
        SplittableRandom r = Grading.random("rotaryRandom");
        Tensor x = Check.strided(Check.random(r, 2, 5 + r.nextInt(12), 2 * (2 + r.nextInt(7))));

        Check.close("rotary of a random " + Arrays.toString(x.shape()) + " view", reference().rotary(x),
                learner().rotary(x), SINGLE_OP, ropeHints(x));
    }

    @Test
    @DisplayName("rotary edge cases: one row stays unchanged, width 2 works, a view works, an odd width is refused")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void rotaryEdges() {
        Embeddings learner = learner();
        Tensor one = Tensor.matrix(new float[][] {{0.5f, -1, 2, 3, -4, 6}});
        Check.close("rotary of a single row (position 0: angle 0, unchanged)", one, learner.rotary(one), SINGLE_OP);
        Tensor narrow = Tensor.matrix(new float[][] {{1, 0}, {1, 0}, {1, 0}, {0, 2}});
        Check.close("rotary of width 2 (one pair, θ_0 = 1: row t is turned by t radians)",
                reference().rotary(narrow), learner.rotary(narrow), SINGLE_OP, ropeHints(narrow));
        Check.rejects("rotary of width 5 (coordinates come in pairs)", () -> learner.rotary(Tensor.zeros(3, 5)));
        Tensor view = Check.strided(Tensor.matrix(new float[][] {{1, 2, 3, 4}, {1, 2, 3, 4}, {0.5f, -1, 2, 0}}));
        Check.close("rotary of a [3, 4] view (transposed storage behind an offset: read it with get2(t, c))",
                reference().rotary(view), learner.rotary(view), SINGLE_OP, ropeHints(view));
    }

    @Test
    @DisplayName("rotary of a long sequence (T = 512, d = 64) matches the reference")
    @Points(1)
    @Visibility.Shown(NEVER)
    void rotaryLongSequence() {
        SplittableRandom r = Grading.random("rotaryLong");
        Tensor x = Check.random(r, 1, 512, 64);

        Check.close("rotary of a [512, 64] tensor", reference().rotary(x), learner().rotary(x), SINGLE_OP,
                ropeHints(x));
    }

    // ---- what every method promises ----

    @Test
    @DisplayName("lookup returns a new tensor (also for one id), and no method writes into the tensors or ids it is given")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void newTensorsAndInputsUnchanged() {
        Embeddings learner = learner();
        Tensor table = courseTable();
        int[] ids = {2, 0, 2};
        Tensor rows = Check.leavesInputsAlone("lookup(table, [2, 0, 2])", () -> learner.lookup(table, ids),
                "table", table, "ids", ids);
        Check.isNewTensor("lookup(table, [2, 0, 2])", rows, table);
        Tensor one = learner.lookup(table, new int[] {1});
        Check.isNewTensor("lookup(table, [1]) (one id: still a copy of the row, not a view of it)", one, table);
        one.set2(0, 0, 99f);
        Check.close("the table after writing 99 into the result of lookup(table, [1])", courseTable(), table,
                SINGLE_OP);

        Tensor tokens = Check.strided(Tensor.matrix(new float[][] {{1, 2, 3, 4}, {5, 6, 7, 8}}));
        Tensor positions = Tensor.matrix(new float[][] {{0.5f, 0.5f, 0.5f, 0.5f}, {1, 1, 1, 1}, {2, 2, 2, 2}});
        Check.leavesInputsAlone("addPositions(tokens, positionTable)", () -> learner.addPositions(tokens, positions),
                "tokens", tokens, "positionTable", positions);
        Tensor x = Tensor.matrix(new float[][] {{1, 2, 3, 4}, {1, 2, 3, 4}, {1, 2, 3, 4}});
        Check.leavesInputsAlone("rotary(x)", () -> learner.rotary(x), "x", x);
    }
}
