package dev.llmf.grader.suites;

import dev.llmf.contract.Tensor;
import dev.llmf.contract.TensorMath;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static dev.llmf.grader.suites.Check.SINGLE_OP;
import static dev.llmf.grader.suites.Check.looksLike;
import static dev.llmf.grader.suites.Visibility.AFTER_DEADLINE;
import static dev.llmf.grader.suites.Visibility.NEVER;
import static dev.llmf.grader.suites.Visibility.VISIBLE;

/** Hidden tests for exercise 1 ({@link TensorMath}): the course numbers, random cases, views and edge cases. */
@DisplayName("Exercise 1 — tensors and softmax")
public class TensorsSuite {

    private static final String READ_DATA_DIRECTLY = "your result matches reading the input's data() row by row, "
            + "ignoring its strides/offset: the input is a view, so read it with get(...), get2(i, j) or toArray()";
    private static final String NO_MAX = "your result is softmax without subtracting the row maximum: exp of a "
            + "large logit overflows to Infinity (and exp of a very negative one underflows to 0, giving 0/0), so "
            + "such rows become NaN; subtract each row's maximum before exp";
    private static final String ASSIGNED = "each C[i][j] holds only its last product A[i][k−1]·B[k−1][j]: the sum "
            + "was assigned (=) instead of accumulated (+=)";

    private static TensorMath learner() {
        return Grading.learner(TensorMath.class);
    }

    private static TensorMath reference() {
        return Grading.reference(TensorMath.class);
    }

    // ---- softmax ----

    @Test
    @DisplayName("softmax of the course logits [2.0, 1.0, 0.5, 0.0] is [0.579259, 0.213097, 0.129250, 0.078394]")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void softmaxCourseExample() {
        Tensor p = learner().softmax(Tensor.vector(2f, 1f, 0.5f, 0f));

        Check.close("softmax([2.0, 1.0, 0.5, 0.0]) = exp(x_i − max) / Σ_j exp(x_j − max)",
                Tensor.vector(0.579259f, 0.213097f, 0.129250f, 0.078394f), p, SINGLE_OP,
                looksLike(() -> Tensor.vector(7.389056f, 2.718282f, 1.648721f, 1f),
                        "these are exp(x_i) without dividing by their sum (12.756059)"),
                looksLike(() -> Tensor.vector(1f, 0.367879f, 0.223130f, 0.135335f),
                        "these are exp(x_i − max) without dividing by their sum"),
                looksLike(() -> Tensor.vector(2 / 3.5f, 1 / 3.5f, 0.5f / 3.5f, 0f),
                        "these are x_i / Σ x_j: exponentiate first, then divide by the sum of the exponentials"));
    }

    @Test
    @DisplayName("softmax stays finite on large logits: [1000, 999, 998] and [-1000, -1001, -1002] give no NaN")
    @Points(3)
    @Visibility.Shown(VISIBLE)
    void softmaxLargeLogitsStayFinite() {
        Tensor x = Tensor.matrix(new float[][] {{1000, 999, 998}, {-1000, -1001, -1002}, {88.8f, 88.7f, 0}});

        Tensor expected = reference().softmax(x);
        Check.separates("softmax without the maximum", expected, () -> Diagnose.softmaxWithoutMax(x), SINGLE_OP);

        Tensor p = learner().softmax(x);

        Check.close("softmax of large logits (only the differences between the logits matter: row 0 and row 1 "
                        + "both give [0.665241, 0.244728, 0.090031])", expected, p, SINGLE_OP, looksLike(() -> Diagnose.softmaxWithoutMax(x), NO_MAX));
    }

    @Test
    @DisplayName("a logit of -Infinity gets probability exactly 0, also when it is most of the row")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void softmaxNegativeInfinityIsExactlyZero() {
        float ninf = Float.NEGATIVE_INFINITY;
        Tensor x = Tensor.matrix(new float[][] {{0, ninf, 0}, {ninf, ninf, 5}, {ninf, 3, 3}});

        Tensor p = learner().softmax(x);

        Check.close("softmax with -Infinity entries (masked entries get 0, the rest share the probability; with m "
                        + "the row maximum, exp(-Infinity − m) is exactly 0)",
                Tensor.matrix(new float[][] {{0.5f, 0, 0.5f}, {0, 0, 1}, {0, 0.5f, 0.5f}}), p, SINGLE_OP);
        for (int[] masked : new int[][] {{0, 1}, {1, 0}, {1, 1}, {2, 0}}) {
            Check.that(p.get(masked) == 0f, "softmax of -Infinity must be exactly 0, but entry "
                    + java.util.Arrays.toString(masked) + " was " + p.get(masked));
        }
    }

    @Test
    @DisplayName("softmax of random rank-3 tensors works row by row along the last dimension")
    @Points(3)
    @Visibility.Shown(AFTER_DEADLINE)
    void softmaxRandomRank3AgainstReference() {
        SplittableRandom r = Grading.random("softmaxRandomRank3");
        Tensor x = Check.random(r, 6, 2 + r.nextInt(2), 2 + r.nextInt(3), 3 + r.nextInt(5));
        Tensor expected = reference().softmax(x);

        Tensor p = learner().softmax(x);

        Check.close("softmax of a random " + java.util.Arrays.toString(x.shape()) + " tensor (each run along the "
                        + "last dimension is one row that sums to 1)", expected, p, SINGLE_OP,
                looksLike(() -> Diagnose.softmaxOverWholeTensor(x), "you divided by the sum over the whole tensor: "
                        + "each last-dimension row must be divided by its own sum"),
                looksLike(() -> reference().softmax(x.reshape(x.size(0), -1)).reshape(x.shape()),
                        "you treated all but the first dimension as one row: softmax runs along the LAST "
                                + "dimension only (x.size(-1) values per row)"),
                looksLike(() -> Diagnose.softmaxWithoutMax(x), NO_MAX));
    }

    @Test
    @DisplayName("softmax reads views through their strides: a row view with an offset and a transposed view")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void softmaxOfViews() {
        Tensor base = Tensor.matrix(new float[][] {{9, 9, 9, 9}, {2.0f, 1.0f, 0.5f, 0.0f}, {4, -1, 0, 3}});
        Tensor rowView = base.row(1);                      // shape [4], offset 4
        Tensor transposed = base.transpose(0, 1);          // shape [4, 3], strides [1, 4]
        TensorMath learner = learner();

        Tensor p = learner.softmax(rowView);
        Check.close("softmax(x.row(1)) — a view that starts at offset 4 of the buffer",
                Tensor.vector(0.579259f, 0.213097f, 0.129250f, 0.078394f), p, SINGLE_OP,
                looksLike(() -> reference().softmax(Diagnose.ignoringOffset(rowView)),
                        "you read row 0 of the buffer: a view starts at offset(); read it with get(...) or toArray()"));

        Tensor expected = reference().softmax(transposed);
        Tensor q = learner.softmax(transposed);
        Check.close("softmax of a transposed view [4, 3] (strides [1, 4])", expected, q,
                SINGLE_OP, looksLike(() -> reference().softmax(Diagnose.ignoringStrides(transposed)),
                        READ_DATA_DIRECTLY));
    }

    @Test
    @DisplayName("softmax edge cases: one-element rows give 1, constant rows are uniform, an empty tensor stays empty")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void softmaxEdgeCases() {
        TensorMath learner = learner();

        Tensor column = Tensor.matrix(new float[][] {{-3}, {0}, {250}});
        Check.close("softmax of a [3, 1] tensor (each row holds one value, so each probability is 1)",
                Tensor.matrix(new float[][] {{1}, {1}, {1}}), learner.softmax(column), SINGLE_OP,
                looksLike(() -> Diagnose.softmaxWithoutMax(column), NO_MAX));
        Check.close("softmax of the constant row [5, 5, 5, 5]", Tensor.vector(0.25f, 0.25f, 0.25f, 0.25f),
                learner.softmax(Tensor.vector(5, 5, 5, 5)), SINGLE_OP);
        Tensor empty = learner.softmax(Tensor.zeros(0, 4));
        Check.that(empty != null && java.util.Arrays.equals(empty.shape(), new int[] {0, 4}),
                "softmax of a tensor of shape [0, 4] (no rows) should return an empty tensor of shape [0, 4], got "
                        + (empty == null ? "null" : java.util.Arrays.toString(empty.shape())));
    }

    // ---- matmul ----

    @Test
    @DisplayName("matmul gives the course product [[58, 64], [139, 154]], a 1×1 product and an outer product")
    @Points(3)
    @Visibility.Shown(VISIBLE)
    void matmulFixedCases() {
        TensorMath learner = learner();
        Tensor a = Tensor.matrix(new float[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor b = Tensor.matrix(new float[][] {{7, 8}, {9, 10}, {11, 12}});
        Tensor expected = Tensor.matrix(new float[][] {{58, 64}, {139, 154}});
        Check.separates("assigning instead of adding up", expected, () -> Diagnose.matmulAssigned(a, b), SINGLE_OP);

        Check.close("matmul([[1,2,3],[4,5,6]], [[7,8],[9,10],[11,12]]) — C[i][j] = row i of A · column j of B",
                expected, learner.matmul(a, b), SINGLE_OP,
                looksLike(() -> Diagnose.matmulAssigned(a, b), ASSIGNED),
                looksLike(() -> Tensor.matrix(new float[][] {{58, 139}, {64, 154}}),
                        "your result is the transpose of A·B: write the sum for (i, j) into C[i][j], with i running "
                                + "over the rows of A and j over the columns of B"),
                looksLike(() -> Tensor.matrix(new float[][] {{1 * 7 + 2 * 9, 1 * 8 + 2 * 10}, {4 * 7 + 5 * 9, 4 * 8 + 5 * 10}}),
                        "the last product of each sum is missing: the inner loop must run p = 0 .. k−1 inclusive"));

        Check.close("matmul([[3]], [[4]])", Tensor.matrix(new float[][] {{12}}),
                learner.matmul(Tensor.matrix(new float[][] {{3}}), Tensor.matrix(new float[][] {{4}})), SINGLE_OP);

        Tensor column = Tensor.matrix(new float[][] {{1}, {2}, {3}});
        Tensor row = Tensor.matrix(new float[][] {{4, 5, 6}});
        Check.close("the outer product [3, 1]·[1, 3] (a [3, 3] result; every C[i][j] = a[i][0]·b[0][j])",
                Tensor.matrix(new float[][] {{4, 5, 6}, {8, 10, 12}, {12, 15, 18}}), learner.matmul(column, row),
                SINGLE_OP);
    }

    @Test
    @DisplayName("matmul of random matrices of random shapes matches the reference")
    @Points(3)
    @Visibility.Shown(AFTER_DEADLINE)
    void matmulRandomAgainstReference() {
        SplittableRandom r = Grading.random("matmulRandom");
        TensorMath learner = learner();
        int n = 2 + r.nextInt(5);
        Tensor squareA = Check.random(r, 2, n, n);
        Tensor squareB = Check.random(r, 2, n, n);
        Check.close("matmul of two random [" + n + ", " + n + "] matrices", reference().matmul(squareA, squareB),
                learner.matmul(squareA, squareB), SINGLE_OP,
                looksLike(() -> reference().matmul(squareA, reference().transpose(squareB)),
                        "this is A·Bᵀ: C[i][j] = Σ_p A[i][p]·B[p][j] — B is indexed [p][j], not [j][p]"),
                looksLike(() -> reference().matmul(reference().transpose(squareA), squareB),
                        "this is Aᵀ·B: C[i][j] = Σ_p A[i][p]·B[p][j] — A is indexed [i][p], not [p][i]"),
                looksLike(() -> reference().matmul(squareB, squareA), "this is B·A: the order of the factors matters"),
                looksLike(() -> reference().transpose(reference().matmul(squareA, squareB)),
                        "your result is the transpose of A·B: write the sum for (i, j) into C[i][j]"));

        int m = 1 + r.nextInt(9);
        int k = 1 + r.nextInt(12);
        int cols = 1 + r.nextInt(9);
        Tensor a = Check.random(r, 2, m, k);
        Tensor b = Check.random(r, 2, k, cols);
        Check.close("matmul of a random [" + m + ", " + k + "] and a random [" + k + ", " + cols + "] matrix",
                reference().matmul(a, b), learner.matmul(a, b), SINGLE_OP);
    }

    @Test
    @DisplayName("matmul reads both inputs through their strides: a transposed view with an offset works like a copy")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void matmulOfViews() {
        SplittableRandom r = Grading.random("matmulViews");
        Tensor a = Check.strided(Check.random(r, 2, 3, 4));
        Tensor b = Check.strided(Check.random(r, 2, 4, 2));
        Tensor expected = reference().matmul(a, b);

        Tensor c = learner().matmul(a, b);

        Check.close("matmul of two non-contiguous views ([3, 4] and [4, 2], transposed storage behind an offset)",
                expected, c, SINGLE_OP,
                looksLike(() -> reference().matmul(Diagnose.ignoringStrides(a), Diagnose.ignoringStrides(b)),
                        READ_DATA_DIRECTLY),
                looksLike(() -> reference().matmul(Diagnose.ignoringOffset(a), Diagnose.ignoringOffset(b)),
                        READ_DATA_DIRECTLY));
    }

    @Test
    @DisplayName("matmul refuses [2, 3]·[4, 5] naming both shapes, and refuses inputs that are not 2-D")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void matmulRejectsBadShapes() {
        TensorMath learner = learner();
        Check.rejects("matmul of [2, 3] by [4, 5] (inner sizes 3 and 4 differ)",
                () -> learner.matmul(Tensor.zeros(2, 3), Tensor.zeros(4, 5)), "[2, 3]", "[4, 5]");
        Check.rejects("matmul of a 1-D [3] by a [3, 2] matrix (matmul takes 2-D tensors only)",
                () -> learner.matmul(Tensor.zeros(3), Tensor.zeros(3, 2)));
        Check.rejects("matmul of a [3, 2] by a 3-D [2, 2, 2] tensor (matmul takes 2-D tensors only)",
                () -> learner.matmul(Tensor.zeros(3, 2), Tensor.zeros(2, 2, 2)));
    }

    @Test
    @DisplayName("matmul with an empty dimension gives an empty or all-zero result of the right shape")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void matmulEmptyDimensions() {
        TensorMath learner = learner();
        Tensor noRows = learner.matmul(Tensor.zeros(0, 3), Tensor.zeros(3, 2));
        Check.that(noRows != null && java.util.Arrays.equals(noRows.shape(), new int[] {0, 2}),
                "matmul of [0, 3] by [3, 2] should give shape [0, 2], got "
                        + (noRows == null ? "null" : java.util.Arrays.toString(noRows.shape())));
        Check.close("matmul of [2, 0] by [0, 3] (every sum is empty, so every entry is 0)", Tensor.zeros(2, 3),
                learner.matmul(Tensor.zeros(2, 0), Tensor.zeros(0, 3)), SINGLE_OP,
                looksLike(() -> Diagnose.allNaN(2, 3), "every entry is NaN: a sum over no products is 0 (start "
                        + "each sum at 0, and do not divide by k = 0)"));
    }

    @Test
    @DisplayName("matmul of larger matrices [40, 48]·[48, 36] matches the reference")
    @Points(1)
    @Visibility.Shown(NEVER)
    void matmulLargerAgainstReference() {
        SplittableRandom r = Grading.random("matmulLarger");
        Tensor a = Check.random(r, 1, 40, 48);
        Tensor b = Check.random(r, 1, 48, 36);

        Check.close("matmul of a [40, 48] and a [48, 36] matrix", reference().matmul(a, b), learner().matmul(a, b),
                SINGLE_OP);
    }

    // ---- transpose and add ----

    @Test
    @DisplayName("transpose returns a new contiguous [n, m] tensor, also for a view and for a single row")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void transposeCopies() {
        SplittableRandom r = Grading.random("transpose");
        TensorMath learner = learner();
        Tensor a = Check.random(r, 3, 3, 5);
        Tensor expected = reference().transpose(a);
        Tensor t = learner.transpose(a);
        Check.close("transpose of a random [3, 5] matrix (out[j][i] = a[i][j])", expected, t,
                SINGLE_OP, looksLike(() -> a.reshape(5, 3),
                        "your result is the same buffer read as [5, 3] (a reshape): transpose moves a[i][j] to "
                                + "out[j][i]"));
        Check.that(t.isContiguous(), "TensorMath.transpose must return a new contiguous tensor, not a strided view "
                + "(Tensor.transpose(0, 1) only gives a view); strides were " + java.util.Arrays.toString(t.strides()));

        Tensor view = Check.strided(Check.random(r, 3, 4, 2));
        Check.close("transpose of a non-contiguous [4, 2] view", reference().transpose(view),
                learner.transpose(view), SINGLE_OP,
                looksLike(() -> reference().transpose(Diagnose.ignoringStrides(view)), READ_DATA_DIRECTLY));

        Tensor row = Tensor.matrix(new float[][] {{1, 2, 3, 4}});
        Check.close("transpose of the single row [[1, 2, 3, 4]] (a [4, 1] column)",
                Tensor.matrix(new float[][] {{1}, {2}, {3}, {4}}), learner.transpose(row), SINGLE_OP);
    }

    @Test
    @DisplayName("add sums element by element for any rank and view, and refuses different shapes naming both")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void addElementwiseAndShapeChecks() {
        SplittableRandom r = Grading.random("add");
        TensorMath learner = learner();
        Tensor a = Check.random(r, 5, 2, 3, 4);
        Tensor b = Check.strided(Check.random(r, 5, 2, 3, 4));
        Check.close("add of a [2, 3, 4] tensor and a non-contiguous [2, 3, 4] view", reference().add(a, b),
                learner.add(a, b), SINGLE_OP,
                looksLike(() -> reference().add(a, Diagnose.ignoringStrides(b)), READ_DATA_DIRECTLY));

        Check.rejects("add of shape [2, 2] and shape [4] (the same number of elements is not the same shape)",
                () -> learner.add(Tensor.zeros(2, 2), Tensor.zeros(4)), "[2, 2]", "[4]");
        Check.rejects("add of shape [2, 3] and shape [3, 2]",
                () -> learner.add(Tensor.zeros(2, 3), Tensor.zeros(3, 2)), "[2, 3]", "[3, 2]");
    }

    // ---- what every operation promises ----

    @Test
    @DisplayName("every operation leaves its inputs unchanged and returns a new tensor, also when the inputs are views")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void inputsUnchangedResultsNew() {
        TensorMath learner = learner();
        Tensor a = Check.strided(Tensor.matrix(new float[][] {{1, -2, 3}, {0.5f, 4, -1}}));
        Tensor b = Check.strided(Tensor.matrix(new float[][] {{2, 0}, {1, -3}, {0, 1}}));
        Tensor row = Tensor.matrix(new float[][] {{9, 9, 9}, {2, 1, 0.5f}}).row(1);
        Tensor c = Tensor.matrix(new float[][] {{0.5f, 0.5f, 0.5f}, {1, 2, 3}});

        Tensor product = Check.leavesInputsAlone("matmul(a, b)", () -> learner.matmul(a, b), "a", a, "b", b);
        Check.isNewTensor("matmul(a, b)", product, a, b);
        Tensor transposed = Check.leavesInputsAlone("transpose(a)", () -> learner.transpose(a), "a", a);
        Check.isNewTensor("transpose(a)", transposed, a);
        Tensor sum = Check.leavesInputsAlone("add(a, c)", () -> learner.add(a, c), "a", a, "c", c);
        Check.isNewTensor("add(a, c)", sum, a, c);
        Tensor q = Check.leavesInputsAlone("softmax(c)", () -> learner.softmax(c), "c", c);
        Check.isNewTensor("softmax(c)", q, c);
        Tensor p = Check.leavesInputsAlone("softmax(x.row(1))", () -> learner.softmax(row), "x", row);
        Check.isNewTensor("softmax(x.row(1))", p, row);
    }

    @Test
    @DisplayName("transpose refuses a tensor that is not 2-D, naming its shape")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void transposeRejectsOtherRanks() {
        TensorMath learner = learner();
        Check.rejects("transpose of a 1-D [4] tensor (TensorMath.transpose takes a matrix)",
                () -> learner.transpose(Tensor.zeros(4)), "[4]");
        Check.rejects("transpose of a 3-D [2, 3, 4] tensor", () -> learner.transpose(Tensor.zeros(2, 3, 4)),
                "[2, 3, 4]");
    }

    @Test
    @DisplayName("softmax of a [2, 2, 3] tensor turns each last-dimension row of 3 into a distribution")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void softmaxSmallRank3() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 0, 0, 0, -1, 5, 2, 4, 4, 1}, 2, 2, 3);
        Tensor expected = reference().softmax(x);
        Check.separates("softmax over the whole tensor", expected, () -> Diagnose.softmaxOverWholeTensor(x),
                SINGLE_OP);
        Check.separates("softmax over all but the first dimension", expected,
                () -> reference().softmax(x.reshape(2, 6)).reshape(2, 2, 3), SINGLE_OP);

        Check.close("softmax of [[[1, 2, 3], [0, 0, 0]], [[-1, 5, 2], [4, 4, 1]]] (rows of 3 values: [0, 0, 0] "
                        + "gives [1/3, 1/3, 1/3])", expected, learner().softmax(x), SINGLE_OP,
                looksLike(() -> Diagnose.softmaxOverWholeTensor(x), "you divided by the sum over the whole tensor: "
                        + "each last-dimension row must be divided by its own sum"),
                looksLike(() -> reference().softmax(x.reshape(2, 6)).reshape(2, 2, 3),
                        "you treated all but the first dimension as one row: softmax runs along the LAST "
                                + "dimension only (x.size(-1) values per row)"));
    }
}
