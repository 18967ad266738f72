package dev.llmf.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.llmf.contract.Attention;
import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TransformerBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Shared helpers of the reference's tests (and of the CUDA backend's parity tests): seeded random inputs and
 * comparisons with stated tolerances.
 */
public final class Fixtures {

    /** Sizes that are not multiples of any vector width, so the scalar tails of vectorized loops run too. */
    static final int[] ODD_SIZES = {1, 7, 33, 65, 130};

    private Fixtures() {
    }

    /** A contiguous tensor of uniform values in {@code [lo, hi)}. */
    public static Tensor uniform(SplittableRandom random, double lo, double hi, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] data = t.data();
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
        return t;
    }

    /** Uniform values with variance {@code 1 / fanIn}: keeps activations of order 1 through a projection. */
    public static Tensor scaled(SplittableRandom random, int fanIn, int... shape) {
        double a = Math.sqrt(3.0 / fanIn);
        return uniform(random, -a, a, shape);
    }

    /**
     * Block weights that make every part matter: LayerNorm scales around 1 and non-zero shifts, projections with
     * variance 1/fan-in so attention scores are of order 1 (not the nearly uniform attention of std-0.02 weights).
     */
    public static TransformerBlock.Weights blockWeights(SplittableRandom random, int d) {
        Attention.Weights attention = attentionWeights(random, d);
        return new TransformerBlock.Weights(
                uniform(random, 0.5, 1.5, d), uniform(random, -0.5, 0.5, d), attention,
                uniform(random, 0.5, 1.5, d), uniform(random, -0.5, 0.5, d),
                scaled(random, d, d, 4 * d), scaled(random, 4 * d, 4 * d, d));
    }

    public static Attention.Weights attentionWeights(SplittableRandom random, int d) {
        return new Attention.Weights(scaled(random, d, d, d), scaled(random, d, d, d),
                scaled(random, d, d, d), scaled(random, d, d, d));
    }

    /** Model weights in the same spirit as {@link #blockWeights}; the tied embedding has entries of order 1/√d. */
    public static LanguageModel.Weights modelWeights(SplittableRandom random, LanguageModel.Config config) {
        int d = config.dModel();
        Tensor tokens = scaled(random, d, config.vocabSize(), d);
        Tensor positions = config.positional() == LanguageModel.Positional.LEARNED
                ? uniform(random, -0.5, 0.5, config.contextLength(), d) : null;
        List<TransformerBlock.Weights> blocks = new ArrayList<>();
        for (int l = 0; l < config.layers(); l++) {
            blocks.add(blockWeights(random, d));
        }
        return new LanguageModel.Weights(config, tokens, positions, blocks,
                uniform(random, 0.5, 1.5, d), uniform(random, -0.5, 0.5, d));
    }

    public static int[] randomIds(SplittableRandom random, int count, int vocab) {
        int[] ids = new int[count];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(vocab);
        }
        return ids;
    }

    static int pick(SplittableRandom random, int... choices) {
        return choices[random.nextInt(choices.length)];
    }

    // ---- comparisons ----

    /**
     * Asserts {@code |actual - expected| <= atol + rtol * |expected|} element by element (shapes must agree) and
     * names the first element that is off.
     */
    public static void assertClose(String what, double[] expected, float[] actual, double atol, double rtol) {
        assertNotNull(actual, what + ": result is null");
        assertEquals(expected.length, actual.length, what + ": number of elements");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (Double.isNaN(a) || Math.abs(a - e) > atol + rtol * Math.abs(e)) {
                fail(what + ": element " + i + " is " + a + " but expected " + e + " (tolerance " + atol
                        + " + " + rtol + "·|expected|)");
            }
        }
    }

    static void assertClose(String what, double[][] expected, Tensor actual, double atol, double rtol) {
        assertShape(what, actual, expected.length, expected.length == 0 ? 0 : expected[0].length);
        assertClose(what, flatten(expected), actual.toArray(), atol, rtol);
    }

    static void assertClose(String what, double[] expected, Tensor actual, double atol, double rtol) {
        assertClose(what, expected, actual.toArray(), atol, rtol);
    }

    public static void assertShape(String what, Tensor t, int... shape) {
        assertNotNull(t, what + " is null");
        assertTrue(Arrays.equals(shape, t.shape()),
                what + " should have shape " + Arrays.toString(shape) + " but has " + Arrays.toString(t.shape()));
    }

    /** The exception's message must mention every one of the given shapes, written as {@link Arrays#toString}. */
    static void assertNamesShapes(IllegalArgumentException e, int[]... shapes) {
        String message = String.valueOf(e.getMessage());
        for (int[] shape : shapes) {
            String written = Arrays.toString(shape);
            assertTrue(message.contains(written),
                    "the message should name shape " + written + " but is: \"" + message + "\"");
        }
    }

    static void assertMentions(IllegalArgumentException e, String... fragments) {
        String message = String.valueOf(e.getMessage());
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment),
                    "the message should mention \"" + fragment + "\" but is: \"" + message + "\"");
        }
    }

    // ---- conversions ----

    static double[][] toMatrix(Tensor t) {
        if (t.rank() != 2) {
            throw new IllegalArgumentException("not 2-D: " + Arrays.toString(t.shape()));
        }
        double[][] out = new double[t.size(0)][t.size(1)];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = t.get2(i, j);
            }
        }
        return out;
    }

    public static double[] toVector(Tensor t) {
        float[] values = t.toArray();
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    static double[] toDouble(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    static double[] flatten(double[][] m) {
        int cols = m.length == 0 ? 0 : m[0].length;
        double[] out = new double[m.length * cols];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(m[i], 0, out, i * cols, cols);
        }
        return out;
    }

    static double[] flatten(double[][][] m) {
        List<Double> values = new ArrayList<>();
        for (double[][] plane : m) {
            for (double v : flatten(plane)) {
                values.add(v);
            }
        }
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
