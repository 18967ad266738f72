package dev.llmf.reference;

import static dev.llmf.reference.Fixtures.ODD_SIZES;
import static dev.llmf.reference.Fixtures.assertClose;
import static dev.llmf.reference.Fixtures.flatten;
import static dev.llmf.reference.Fixtures.pick;
import static dev.llmf.reference.Fixtures.toMatrix;
import static dev.llmf.reference.Fixtures.toVector;
import static dev.llmf.reference.Fixtures.uniform;

import dev.llmf.contract.Attention;
import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TransformerBlock;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The reference against {@link Naive}, a plain double-precision implementation written from the Javadoc, on random
 * inputs with odd sizes (1, 7, 33, 65, 130) so that vectorized loops' tails run. Tolerance: |ref − naive| ≤
 * 1e-4 + 1e-4·|naive| everywhere (the reference computes in float; the inputs are of order 1).
 */
@DisplayName("Reference vs. a naive double-precision implementation")
class NaiveCrossCheckTest {

    private static final double TOL = 1e-4;

    private final ReferenceTensorMath math = new ReferenceTensorMath();
    private final ReferenceAttention attention = new ReferenceAttention();
    private final ReferenceTransformerBlock block = new ReferenceTransformerBlock();
    private final ReferenceLanguageModel model = new ReferenceLanguageModel();

    @Test
    @DisplayName("matmul matches triple loops for every combination of the sizes 1, 7, 33, 65, 130")
    void matmul() {
        SplittableRandom random = new SplittableRandom(1);
        for (int m : ODD_SIZES) {
            for (int k : ODD_SIZES) {
                for (int n : ODD_SIZES) {
                    Tensor a = uniform(random, -1, 1, m, k);
                    Tensor b = uniform(random, -1, 1, k, n);
                    assertClose("[" + m + "," + k + "]·[" + k + "," + n + "]",
                            Naive.matmul(toMatrix(a), toMatrix(b)), math.matmul(a, b), TOL, TOL);
                }
            }
        }
    }

    @Test
    @DisplayName("matmul of transposed (non-contiguous) views matches triple loops (20 seeds)")
    void matmulViews() {
        for (int seed = 0; seed < 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int m = pick(random, ODD_SIZES);
            int k = pick(random, ODD_SIZES);
            int n = pick(random, ODD_SIZES);
            Tensor at = uniform(random, -1, 1, k, m).transpose(0, 1);        // a view of shape [m, k]
            Tensor bt = uniform(random, -1, 1, n, k).transpose(0, 1);        // a view of shape [k, n]
            assertClose("seed " + seed, Naive.matmul(toMatrix(at), toMatrix(bt)), math.matmul(at, bt), TOL, TOL);
        }
    }

    @Test
    @DisplayName("matmul across cache blocks (inner dimension > 256, > 128 rows, > 512 columns) matches triple loops")
    void matmulAcrossBlocks() {
        SplittableRandom random = new SplittableRandom(3);
        Tensor a = uniform(random, -1, 1, 300, 601);
        Tensor bt = uniform(random, -1, 1, 530, 601).transpose(0, 1);           // a view of shape [601, 530]
        assertClose("[300,601]·[601,530]", Naive.matmul(toMatrix(a), toMatrix(bt)), math.matmul(a, bt),
                1e-3, 1e-4);
    }

    @Test
    @DisplayName("transpose, add and softmax match the naive versions on odd sizes")
    void elementwise() {
        SplittableRandom random = new SplittableRandom(2);
        for (int rows : ODD_SIZES) {
            for (int cols : ODD_SIZES) {
                Tensor a = uniform(random, -10, 10, rows, cols);
                Tensor b = uniform(random, -10, 10, rows, cols);
                assertClose("transpose", Naive.transpose(toMatrix(a)), math.transpose(a), 0, 0);
                assertClose("add", Naive.add(toMatrix(a), toMatrix(b)), math.add(a, b), 1e-6, 1e-6);
                assertClose("softmax " + rows + "x" + cols, Naive.softmaxRows(toMatrix(a)), math.softmax(a), 1e-6,
                        1e-5);
            }
        }
    }

    @Test
    @DisplayName("layerNorm matches the naive version for widths 1, 7, 33, 65, 130 with random gamma and beta")
    void layerNorm() {
        SplittableRandom random = new SplittableRandom(3);
        for (int t : new int[] {1, 7, 33}) {
            for (int d : ODD_SIZES) {
                Tensor x = uniform(random, -3, 5, t, d);
                Tensor gamma = uniform(random, -2, 2, d);
                Tensor beta = uniform(random, -1, 1, d);
                assertClose("layerNorm [" + t + "," + d + "]",
                        Naive.layerNorm(toMatrix(x), toVector(gamma), toVector(beta)),
                        block.layerNorm(x, gamma, beta), TOL, TOL);
            }
        }
    }

    @Test
    @DisplayName("gelu matches the tanh formula on values in [−8, 8] for odd sizes")
    void gelu() {
        SplittableRandom random = new SplittableRandom(4);
        for (int t : new int[] {1, 7}) {
            for (int d : ODD_SIZES) {
                Tensor x = uniform(random, -8, 8, t, d);
                assertClose("gelu [" + t + "," + d + "]", Naive.gelu(toMatrix(x)), block.gelu(x), 1e-6, 1e-5);
            }
        }
    }

    @Test
    @DisplayName("scaled dot-product attention matches, with and without the causal mask (40 random shapes)")
    void scaledDotProduct() {
        for (int seed = 0; seed < 40; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            boolean causal = seed % 2 == 0;
            int t = pick(random, 1, 7, 33, 65);
            int s = causal ? t : pick(random, 1, 7, 33, 65);
            int dk = pick(random, ODD_SIZES);
            int dv = pick(random, ODD_SIZES);
            // Entries scaled so scores have spread of order 1..3: attention is far from uniform.
            double a = 2.0 / Math.pow(dk, 0.25);
            Tensor q = uniform(random, -a, a, t, dk);
            Tensor k = uniform(random, -a, a, s, dk);
            Tensor v = uniform(random, -1, 1, s, dv);
            Naive.Attn expected = Naive.attention(toMatrix(q), toMatrix(k), toMatrix(v), causal);
            Attention.Output out = attention.scaledDotProduct(q, k, v, causal);
            String what = "seed " + seed + " q[" + t + "," + dk + "] k[" + s + "," + dk + "] v[" + s + "," + dv + "]"
                    + (causal ? " causal" : "");
            assertClose(what + " weights", expected.weights(), out.weights(), TOL, TOL);
            assertClose(what + " output", expected.output(), out.output(), TOL, TOL);
        }
    }

    @Test
    @DisplayName("multi-head attention matches, with and without RoPE, causal or not, for several (d, H)")
    void multiHead() {
        int[][] shapes = {{12, 3}, {33, 3}, {7, 7}, {7, 1}, {64, 4}, {130, 5}, {2, 1}, {130, 65}};
        int seed = 0;
        for (int[] shape : shapes) {
            int d = shape[0];
            int heads = shape[1];
            for (boolean causal : new boolean[] {false, true}) {
                for (boolean rotary : new boolean[] {false, true}) {
                    if (rotary && (d / heads) % 2 != 0) {
                        continue;
                    }
                    SplittableRandom random = new SplittableRandom(seed++);
                    int t = pick(random, 1, 7, 33);
                    Tensor x = uniform(random, -1.5, 1.5, t, d);
                    Attention.Weights w = Fixtures.attentionWeights(random, d);
                    Naive.MultiHead expected = Naive.multiHead(toMatrix(x), w, heads, causal, rotary);
                    Attention.Output out = attention.multiHead(x, w, new Attention.Options(heads, causal, rotary));
                    String what = "d=" + d + " H=" + heads + " T=" + t + (causal ? " causal" : "")
                            + (rotary ? " rope" : "");
                    Fixtures.assertShape(what + " weights", out.weights(), heads, t, t);
                    assertClose(what + " weights", flatten(expected.weights()), out.weights(), TOL, TOL);
                    assertClose(what + " output", expected.output(), out.output(), TOL, TOL);
                }
            }
        }
    }

    @Test
    @DisplayName("a full transformer block matches the naive pre-norm block (random weights, odd sizes)")
    void transformerBlock() {
        int[][] shapes = {{12, 3}, {33, 3}, {20, 2}, {8, 1}, {65, 5}};
        int seed = 100;
        for (int[] shape : shapes) {
            int d = shape[0];
            int heads = shape[1];
            for (boolean rotary : new boolean[] {false, true}) {
                if (rotary && (d / heads) % 2 != 0) {
                    continue;
                }
                for (boolean causal : new boolean[] {true, false}) {
                    SplittableRandom random = new SplittableRandom(seed++);
                    int t = pick(random, 1, 7, 33);
                    Tensor x = uniform(random, -2, 2, t, d);
                    TransformerBlock.Weights w = Fixtures.blockWeights(random, d);
                    double[][] expected = Naive.block(toMatrix(x), w, heads, causal, rotary);
                    Tensor out = block.forward(x, w, new Attention.Options(heads, causal, rotary));
                    assertClose("d=" + d + " H=" + heads + " T=" + t + (causal ? " causal" : "")
                            + (rotary ? " rope" : ""), expected, out, TOL, TOL);
                }
            }
        }
    }

    @Test
    @DisplayName("feedForward matches GELU(x·w1)·w2 for odd widths")
    void feedForward() {
        SplittableRandom random = new SplittableRandom(5);
        for (int d : new int[] {1, 7, 33}) {
            Tensor x = uniform(random, -2, 2, 7, d);
            Tensor w1 = Fixtures.scaled(random, d, d, 4 * d);
            Tensor w2 = Fixtures.scaled(random, 4 * d, 4 * d, d);
            assertClose("d=" + d, Naive.feedForward(toMatrix(x), toMatrix(w1), toMatrix(w2)),
                    block.feedForward(x, w1, w2), TOL, TOL);
        }
    }

    @Test
    @DisplayName("a 2-layer mini-GPT forward matches the naive model for LEARNED, SINUSOIDAL and ROPE positions")
    void miniGpt() {
        int seed = 200;
        for (LanguageModel.Positional positional : LanguageModel.Positional.values()) {
            for (int[] shape : new int[][] {{65, 16, 24, 4}, {33, 9, 12, 2}, {130, 7, 8, 1}}) {
                LanguageModel.Config config = new LanguageModel.Config(shape[0], shape[1], shape[2], shape[3], 2,
                        positional);
                SplittableRandom random = new SplittableRandom(seed++);
                LanguageModel.Weights w = Fixtures.modelWeights(random, config);
                for (int t : new int[] {1, 7, config.contextLength()}) {
                    int[] tokens = Fixtures.randomIds(random, t, config.vocabSize());
                    assertClose(config + " T=" + t, Naive.model(w, tokens), model.forward(w, tokens), TOL, TOL);
                }
            }
        }
    }
}
