package dev.llmf.reference;

import static dev.llmf.reference.Fixtures.assertClose;
import static dev.llmf.reference.Fixtures.assertNamesShapes;
import static dev.llmf.reference.Fixtures.assertShape;
import static dev.llmf.reference.Fixtures.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TransformerBlock;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ReferenceTransformerBlock")
class ReferenceTransformerBlockTest {

    private final TransformerBlock block = new ReferenceTransformerBlock();

    @Test
    @DisplayName("layerNorm of [1,2,3,4] uses the biased variance 1.25 and ε = 1e-5, then scales and shifts")
    void layerNormHandValues() {
        Tensor x = Tensor.matrix(new float[][] {{1, 2, 3, 4}});
        double s = Math.sqrt(1.25 + 1e-5);                          // σ² = mean((x − 2.5)²) = 1.25, not 5/3
        Tensor y = block.layerNorm(x, Tensor.vector(1, 1, 1, 1), Tensor.vector(0, 0, 0, 0));
        assertClose("plain", new double[] {-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s}, y, 1e-6, 0);
        assertEquals(-1.341635, y.get2(0, 0), 1e-6);
        Tensor z = block.layerNorm(x, Tensor.vector(2, 1, 1, 0), Tensor.vector(0, 0, 1, 5));
        assertClose("scaled", new double[] {-3 / s, -0.5 / s, 0.5 / s + 1, 5}, z, 1e-6, 0);
    }

    @Test
    @DisplayName("layerNorm of a constant row gives beta (the ε keeps it finite)")
    void layerNormConstantRow() {
        Tensor y = block.layerNorm(Tensor.matrix(new float[][] {{3, 3, 3}}), Tensor.vector(2, 2, 2),
                Tensor.vector(0.5f, -1, 0));
        assertClose("constant row", new double[] {0.5, -1, 0}, y, 1e-6, 0);
    }

    @Test
    @DisplayName("gelu uses the tanh approximation: gelu(1) = 0.841192, gelu(−1) = −0.158808 (erf would give 0.841345)")
    void geluHandValues() {
        Tensor y = block.gelu(Tensor.vector(0, 1, -1, 3, -3, 10, -10));
        assertClose("gelu", new double[] {0, 0.841192, -0.158808, 2.996363, -0.003637, 10, 0}, y, 1e-6, 0);
    }

    @Test
    @DisplayName("gelu works element-wise on any rank and on views")
    void geluAnyShape() {
        SplittableRandom random = new SplittableRandom(4);
        Tensor x = uniform(random, -5, 5, 2, 3, 7);
        Tensor y = block.gelu(x);
        assertShape("gelu", y, 2, 3, 7);
        float[] in = x.toArray();
        double[] expected = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            expected[i] = Naive.gelu(in[i]);
        }
        assertClose("rank 3", expected, y, 1e-6, 1e-5);
        Tensor m = uniform(random, -5, 5, 4, 6);
        Tensor view = m.transpose(0, 1);
        assertClose("view", Naive.gelu(Fixtures.toMatrix(view)), block.gelu(view), 1e-6, 1e-5);
    }

    @Test
    @DisplayName("feedForward is GELU(x·w1)·w2")
    void feedForward() {
        SplittableRandom random = new SplittableRandom(6);
        Tensor x = uniform(random, -1, 1, 5, 8);
        Tensor w1 = Fixtures.scaled(random, 8, 8, 32);
        Tensor w2 = Fixtures.scaled(random, 32, 32, 8);
        assertClose("ffn", Naive.feedForward(Naive.of(x), Naive.of(w1), Naive.of(w2)), block.feedForward(x, w1, w2),
                1e-5, 1e-5);
    }

    @Test
    @DisplayName("with zero output projections (wo = 0, w2 = 0) the block returns its input unchanged (residuals)")
    void residualsOnly() {
        SplittableRandom random = new SplittableRandom(12);
        int d = 16;
        Tensor x = uniform(random, -3, 3, 7, d);
        TransformerBlock.Weights r = Fixtures.blockWeights(random, d);
        Attention.Weights a = r.attention();
        TransformerBlock.Weights w = new TransformerBlock.Weights(r.ln1Gamma(), r.ln1Beta(),
                new Attention.Weights(a.wq(), a.wk(), a.wv(), Tensor.zeros(d, d)),
                r.ln2Gamma(), r.ln2Beta(), r.w1(), Tensor.zeros(4 * d, d));
        Tensor out = block.forward(x, w, new Attention.Options(4, true, false));
        assertArrayEquals(x.toArray(), out.toArray());
    }

    @Test
    @DisplayName("a causal block's earlier output rows do not depend on later input rows (20 seeds)")
    void causalBlock() {
        for (int seed = 0; seed < 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int d = 8 * (1 + random.nextInt(3));
            int t = 2 + random.nextInt(10);
            Tensor x = uniform(random, -2, 2, t, d);
            TransformerBlock.Weights w = Fixtures.blockWeights(random, d);
            Tensor x2 = x.copy();
            int cut = 1 + random.nextInt(t - 1);
            for (int r = cut; r < t; r++) {
                for (int c = 0; c < d; c++) {
                    x2.set2(r, c, (float) random.nextDouble(-5, 5));
                }
            }
            Attention.Options options = new Attention.Options(2, true, random.nextBoolean());
            Tensor a = block.forward(x, w, options);
            Tensor b = block.forward(x2, w, options);
            assertClose("seed " + seed, Fixtures.toDouble(a.rows(0, cut).toArray()), b.rows(0, cut).toArray(),
                    1e-6, 0);
        }
    }

    @Test
    @DisplayName("layerNorm, gelu, feedForward and forward leave their inputs unchanged")
    void inputsUntouched() {
        SplittableRandom random = new SplittableRandom(13);
        int d = 8;
        Tensor x = uniform(random, -2, 2, 5, d);
        float[] before = x.toArray();
        TransformerBlock.Weights w = Fixtures.blockWeights(random, d);
        float[] w1 = w.w1().toArray();
        block.layerNorm(x, w.ln1Gamma(), w.ln1Beta());
        block.gelu(x);
        block.feedForward(x, w.w1(), w.w2());
        block.forward(x, w, new Attention.Options(2, true, true));
        assertArrayEquals(before, x.toArray());
        assertArrayEquals(w1, w.w1().toArray());
    }

    @Test
    @DisplayName("layerNorm with gamma or beta of the wrong width throws, naming the shapes")
    void layerNormShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> block.layerNorm(Tensor.zeros(3, 4), Tensor.zeros(5), Tensor.zeros(4)));
        assertNamesShapes(e, new int[] {5});
        assertTrue(e.getMessage().contains("[4]") || e.getMessage().contains("[3, 4]"),
                "the message should also name x's width or shape: " + e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> block.layerNorm(Tensor.zeros(3, 4), Tensor.zeros(4), Tensor.zeros(3)));
    }

    @Test
    @DisplayName("feedForward with mismatched weights throws, naming both shapes")
    void feedForwardShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> block.feedForward(Tensor.zeros(2, 4), Tensor.zeros(5, 16), Tensor.zeros(16, 4)));
        assertNamesShapes(e, new int[] {2, 4}, new int[] {5, 16});
    }
}
