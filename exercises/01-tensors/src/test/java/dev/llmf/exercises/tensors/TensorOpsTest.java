package dev.llmf.exercises.tensors;

import dev.llmf.contract.Tensor;
import dev.llmf.contract.TensorMath;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Public tests for exercise 1. Run them with
 * {@code ./mvnw -q test -Dllmf.selfcheck -pl exercises/01-tensors -am}; see the README for what each one checks.
 */
@ExtendWith(NotYetImplemented.class)
class TensorOpsTest {

    private final TensorMath ops = Subject.of(TensorMath.class, TensorOps::new);

    // ---- matmul ----

    @Test
    @DisplayName("matmul of a [2, 3] and a [3, 2] matrix gives the [2, 2] matrix of row-by-column dot products")
    void matmul_smallMatrices_givesDotProducts() {
        Tensor a = Tensor.matrix(new float[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor b = Tensor.matrix(new float[][] {{7, 8}, {9, 10}, {11, 12}});
        // C[0][0] = 1*7 + 2*9 + 3*11 = 58, C[0][1] = 1*8 + 2*10 + 3*12 = 64, and so on
        Tensor expected = Tensor.matrix(new float[][] {{58, 64}, {139, 154}});

        Tensor c = ops.matmul(a, b);

        assertNotNull(c, "matmul returned null");
        Approx.assertTensorClose("matmul([[1,2,3],[4,5,6]], [[7,8],[9,10],[11,12]]) — C[i][j] is row i of A "
                + "dotted with column j of B; a wrong result here often means an index is swapped", expected, c,
                Approx.TOLERANCE);
    }

    @Test
    @DisplayName("matmul reads its inputs through their strides, so a transposed view works like a copy")
    void matmul_transposedView_sameAsContiguousCopy() {
        // view is the transpose of a [3, 2] tensor: shape [2, 3], strides [1, 2] — not row-major in the buffer
        Tensor view = Tensor.of(new float[] {1, 4, 2, 5, 3, 6}, 3, 2).transpose(0, 1);
        Tensor b = Tensor.matrix(new float[][] {{1, 0}, {0, 1}, {1, 1}});
        // view holds [[1, 2, 3], [4, 5, 6]], so the product is [[1+3, 2+3], [4+6, 5+6]]
        Tensor expected = Tensor.matrix(new float[][] {{4, 5}, {10, 11}});

        Tensor c = ops.matmul(view, b);

        // test data check: reading view.data() row by row sees [[1, 4, 2], [5, 3, 6]], whose product differs
        assertFalse(Approx.isClose(Tensor.matrix(new float[][] {{3, 6}, {11, 9}}), expected, Approx.TOLERANCE),
                "test data check: ignoring the strides must give another answer here");
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, view.data(), "matmul wrote into its input's buffer");
        Approx.assertTensorClose("matmul with a transposed (non-contiguous) view as A — if this fails while the "
                + "plain matmul test passes, you are probably reading a.data() directly instead of a.get2(i, j)",
                expected, c, Approx.TOLERANCE);
    }

    @Test
    @DisplayName("matmul of [2, 3] by [4, 5] is refused with a message that names both shapes")
    void matmul_innerSizesDiffer_throwsNamingBothShapes() {
        Tensor a = Tensor.zeros(2, 3);
        Tensor b = Tensor.zeros(4, 5);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ops.matmul(a, b),
                "a [2, 3] matrix cannot be multiplied by a [4, 5] one (3 columns vs 4 rows): "
                        + "matmul should throw IllegalArgumentException before computing anything");

        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains("[2, 3]") && message.contains("[4, 5]"),
                "the error message should name both shapes, written as Arrays.toString does ([2, 3] and [4, 5]), "
                        + "so the caller can see what went wrong; it was: " + message);
    }

    // ---- transpose and add ----

    @Test
    @DisplayName("transpose turns a [2, 3] matrix into a new contiguous [3, 2] matrix and leaves the input alone")
    void transpose_matrix_swapsRowsAndColumns() {
        Tensor a = Tensor.matrix(new float[][] {{1, 2, 3}, {4, 5, 6}});

        Tensor t = ops.transpose(a);

        assertNotNull(t, "transpose returned null");
        assertArrayEquals(new int[] {3, 2}, t.shape(), "transpose of shape [2, 3] should have shape [3, 2] but had "
                + Arrays.toString(t.shape()));
        Approx.assertTensorClose("transpose([[1,2,3],[4,5,6]]) — out[j][i] should be a[i][j]",
                Tensor.matrix(new float[][] {{1, 4}, {2, 5}, {3, 6}}), t, Approx.TOLERANCE);
        assertTrue(t.isContiguous(), "TensorMath.transpose must return a new contiguous tensor, not a strided "
                + "view (that is what Tensor.transpose(0, 1) gives); strides were " + Arrays.toString(t.strides()));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, a.toArray(), "transpose changed its input");
    }

    @Test
    @DisplayName("transpose refuses a tensor that is not 2-D with a message that names its shape")
    void transpose_notAMatrix_throwsNamingTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ops.transpose(Tensor.zeros(2, 3, 4)),
                "TensorMath.transpose takes a matrix: a [2, 3, 4] tensor should throw IllegalArgumentException");
        assertTrue(String.valueOf(e.getMessage()).contains("[2, 3, 4]"),
                "the message should name the shape [2, 3, 4]; it was: " + e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ops.transpose(Tensor.zeros(4)),
                "a 1-D [4] tensor is not a matrix either: transpose should throw IllegalArgumentException");
    }

    @Test
    @DisplayName("add sums two tensors element by element and refuses tensors of different shapes")
    void add_sameShape_sumsAndMismatchThrows() {
        Tensor a = Tensor.matrix(new float[][] {{1, 2}, {3, 4}});
        Tensor b = Tensor.matrix(new float[][] {{10, 20}, {30, 40}});

        Approx.assertTensorClose("add([[1,2],[3,4]], [[10,20],[30,40]])",
                Tensor.matrix(new float[][] {{11, 22}, {33, 44}}), ops.add(a, b), Approx.TOLERANCE);
        assertArrayEquals(new float[] {1, 2, 3, 4}, a.toArray(),
                "add wrote its result into its first input; it must return a new tensor");

        Tensor c = Tensor.zeros(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ops.add(a, c),
                "adding shape [2, 2] to shape [4] should throw IllegalArgumentException: same number of elements "
                        + "is not the same shape");
        String message = String.valueOf(e.getMessage());
        assertTrue(message.contains("[2, 2]") && message.contains("[4]"),
                "the error message should name both shapes ([2, 2] and [4]); it was: " + message);
    }

    // ---- softmax ----

    @Test
    @DisplayName("softmax of [2.0, 1.0, 0.5, 0.0] is [0.579259, 0.213097, 0.129250, 0.078394]")
    void softmax_courseExample_matchesWorkedNumbers() {
        Tensor p = ops.softmax(Tensor.vector(2.0f, 1.0f, 0.5f, 0.0f));

        Approx.assertTensorClose("softmax([2.0, 1.0, 0.5, 0.0]) — each entry is exp(x_i) / (e^2 + e^1 + e^0.5 + e^0)"
                        + " = exp(x_i) / 12.756059",
                Tensor.vector(0.579259f, 0.213097f, 0.129250f, 0.078394f), p, Approx.TOLERANCE);
    }

    @Test
    @DisplayName("softmax works along the last dimension: every row of a [2, 3, 5] tensor becomes a distribution")
    void softmax_rank3_eachLastDimensionRowSumsToOne() {
        Tensor x = RandomTensors.uniform(7, 4f, 2, 3, 5);          // seed 7, values in [-4, 4), shape [2, 3, 5]
        Tensor input = x.copy();                                      // to compute the expected rows from

        Tensor p = ops.softmax(x);

        assertNotNull(p, "softmax returned null");
        assertArrayEquals(new int[] {2, 3, 5}, p.shape(), "softmax must keep the shape; got "
                + Arrays.toString(p.shape()));
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                double[] row = new double[5];
                double sum = 0;
                float[] actual = new float[5];
                for (int k = 0; k < 5; k++) {
                    row[k] = input.get(i, j, k);
                    actual[k] = p.get(i, j, k);
                    sum += actual[k];
                }
                assertEquals(1.0, sum, Approx.TOLERANCE, "row (" + i + ", " + j + ", :) sums to " + sum
                        + " instead of 1: did you divide each row by its own sum (not the sum of the whole tensor)?");
                Approx.assertArrayClose("softmax row (" + i + ", " + j + ", :)", softmaxByHand(row), actual,
                        Approx.TOLERANCE);
            }
        }
    }

    @Test
    @DisplayName("softmax of the large logits [1000, 999] stays finite: [0.731059, 0.268941]")
    void softmax_largeLogits_staysFinite() {
        Tensor p = ops.softmax(Tensor.vector(1000f, 999f));

        assertNotNull(p, "softmax returned null");
        float[] values = p.toArray();
        for (float v : values) {
            assertTrue(Float.isFinite(v), "softmax([1000, 999]) gave " + Arrays.toString(values)
                    + ": exp(1000) overflows to Infinity — subtract the row maximum before calling exp");
        }
        // exp(0) / (exp(0) + exp(-1)) = 1 / (1 + e^-1)
        double first = 1 / (1 + Math.exp(-1));
        Approx.assertTensorClose("softmax([1000, 999]) — only the difference of 1 between the logits matters",
                Tensor.vector((float) first, (float) (1 - first)), p, Approx.TOLERANCE);
    }

    @Test
    @DisplayName("a logit of -Infinity gets probability exactly 0, which is how masks work")
    void softmax_negativeInfinity_getsExactlyZero() {
        Tensor p = ops.softmax(Tensor.vector(0f, Float.NEGATIVE_INFINITY, 0f));

        assertNotNull(p, "softmax returned null");
        float[] values = p.toArray();
        assertEquals(0.0f, values[1], "the masked entry should be exactly 0 (exp(-Infinity) = 0) but softmax gave "
                + Arrays.toString(values));
        Approx.assertArrayClose("softmax([0, -Infinity, 0]) — the two remaining entries share the probability",
                new float[] {0.5f, 0f, 0.5f}, values, Approx.TOLERANCE);
    }

    @Test
    @DisplayName("softmax of a row view reads only that row and leaves the original tensor unchanged")
    void softmax_rowView_readsOnlyThatRow() {
        Tensor x = Tensor.matrix(new float[][] {{9, 9, 9, 9}, {2.0f, 1.0f, 0.5f, 0.0f}});
        Tensor row = x.row(1);                        // shape [4], offset 4 into the shared buffer

        Tensor p = ops.softmax(row);

        Approx.assertTensorClose("softmax(x.row(1)) — if you got [0.25, 0.25, ...] you read row 0: a view starts "
                        + "at offset(), so read it with get(...) or toArray()",
                Tensor.vector(0.579259f, 0.213097f, 0.129250f, 0.078394f), p, Approx.TOLERANCE);
        assertArrayEquals(new float[] {9, 9, 9, 9, 2.0f, 1.0f, 0.5f, 0.0f}, x.toArray(),
                "softmax overwrote its input; it must write the probabilities into a new tensor");
    }

    /** Softmax computed in double straight from the definition exp(x_i − max) / Σ exp(x_j − max). */
    private static float[] softmaxByHand(double[] x) {
        double max = Arrays.stream(x).max().orElseThrow();
        double sum = 0;
        for (double v : x) {
            sum += Math.exp(v - max);
        }
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (Math.exp(x[i] - max) / sum);
        }
        return out;
    }
}
