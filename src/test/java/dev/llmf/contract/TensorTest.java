package dev.llmf.contract;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorTest {

    private final Tensor t = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);

    @Test
    @DisplayName("a fresh tensor is row-major: strides [3, 1] for shape [2, 3]")
    void freshTensorIsRowMajor() {
        assertArrayEquals(new int[] {3, 1}, t.strides());
        assertTrue(t.isContiguous());
        assertEquals(6f, t.get(1, 2));
        assertEquals(6, t.numel());
        assertEquals(3, t.size(-1));
    }

    @Test
    @DisplayName("reshape, row and transpose are views that share the buffer")
    void viewsShareTheBuffer() {
        Tensor reshaped = t.reshape(3, -1);
        assertArrayEquals(new int[] {3, 2}, reshaped.shape());
        assertEquals(4f, reshaped.get(1, 1));

        Tensor row = t.row(1);
        assertArrayEquals(new float[] {4, 5, 6}, row.toArray());
        row.set(40f, 0);
        assertEquals(40f, t.get(1, 0), "writing through a row view changes the original");

        Tensor transposed = t.transpose(0, 1);
        assertArrayEquals(new int[] {1, 3}, transposed.strides());
        assertFalse(transposed.isContiguous());
        assertArrayEquals(new float[] {1, 40, 2, 5, 3, 6}, transposed.toArray());
    }

    @Test
    @DisplayName("rows(from, to) keeps the rank and the columns of a transposed view read correctly")
    void rowRangesAndColumnViews() {
        Tensor middle = Tensor.of(new float[] {0, 1, 2, 3, 4, 5, 6, 7}, 4, 2).rows(1, 3);
        assertArrayEquals(new int[] {2, 2}, middle.shape());
        assertArrayEquals(new float[] {2, 3, 4, 5}, middle.toArray());
        Tensor secondColumn = t.transpose(0, 1).rows(1, 2).transpose(0, 1);
        assertArrayEquals(new float[] {2, 5}, secondColumn.toArray());
    }

    @Test
    @DisplayName("a non-contiguous view must be made contiguous before reshape")
    void reshapeNeedsContiguous() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.transpose(0, 1).reshape(6));
        assertTrue(e.getMessage().contains("contiguous()"), e.getMessage());
        assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, t.transpose(0, 1).contiguous().reshape(6).toArray());
    }

    @Test
    @DisplayName("shape mistakes name the shapes involved")
    void shapeErrorsNameTheShapes() {
        IllegalArgumentException wrongSize = assertThrows(IllegalArgumentException.class, () -> t.reshape(4, 2));
        assertEquals("cannot reshape shape [2, 3] (6 elements) to shape [4, 2] (8 elements)", wrongSize.getMessage());
        IllegalArgumentException wrongData = assertThrows(IllegalArgumentException.class,
                () -> Tensor.of(new float[5], 2, 3));
        assertEquals("data of length 5 does not fill shape [2, 3] (6 elements)", wrongData.getMessage());
        IllegalArgumentException wrongShape = assertThrows(IllegalArgumentException.class,
                () -> t.requireShape("gamma", 3));
        assertEquals("gamma must have shape [3] but has shape [2, 3]", wrongShape.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> t.get(2, 0));
        assertThrows(IllegalArgumentException.class, () -> t.get(0));
    }

    @Test
    @DisplayName("toString shows shape and nested values")
    void toStringShowsShapeAndValues() {
        assertEquals("Tensor[2, 3] [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]", t.toString());
    }

    @Test
    @DisplayName("seeded random weights are reproducible and have the documented shapes")
    void randomWeightsAreReproducible() {
        var config = new LanguageModel.Config(50, 8, 16, 2, 2, LanguageModel.Positional.LEARNED);
        var a = LanguageModel.Weights.random(config, 3);
        var b = LanguageModel.Weights.random(config, 3);
        var c = LanguageModel.Weights.random(config, 4);
        assertArrayEquals(a.tokenEmbedding().toArray(), b.tokenEmbedding().toArray());
        assertFalse(java.util.Arrays.equals(a.tokenEmbedding().toArray(), c.tokenEmbedding().toArray()));
        assertArrayEquals(new int[] {16, 64}, a.blocks().get(0).w1().shape());
        double sumSquares = 0;
        for (float v : a.tokenEmbedding().toArray()) {
            sumSquares += v * v;
        }
        double std = Math.sqrt(sumSquares / a.tokenEmbedding().numel());
        assertEquals(0.02, std, 0.003, "weights are initialised with standard deviation 0.02");
    }
}
