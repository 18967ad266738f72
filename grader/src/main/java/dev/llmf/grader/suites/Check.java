package dev.llmf.grader.suites;

import dev.llmf.contract.Attention;
import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TransformerBlock;
import dev.llmf.grader.sandbox.LearnerFailure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The comparisons every hidden suite uses, with failure messages that teach: what was expected, what came back,
 * where the first difference is, and — when the learner's result matches a known wrong variant — the likely cause.
 *
 * <p>Exceptions from learner code ({@link LearnerFailure}, a stub's {@code UnsupportedOperationException("TODO…")})
 * are never caught here: they reach the suite runner, which reports them.
 */
public final class Check {

    /** A value passes when {@code |actual − expected| ≤ absolute + relative·|expected|}; NaN never passes. */
    public record Tolerance(double absolute, double relative) {

        public boolean accepts(double expected, double actual) {
            if (Double.isNaN(expected)) {
                return Double.isNaN(actual);
            }
            if (Double.isInfinite(expected)) {
                return expected == actual;
            }
            return Math.abs(expected - actual) <= absolute + relative * Math.abs(expected);
        }

        /** How much a learner result may differ from a computed wrong variant and still "look like" it. */
        Tolerance forVariants() {
            return new Tolerance(absolute * 5, relative * 5);
        }

        @Override
        public String toString() {
            return absolute + " + " + relative + "·|expected|";
        }
    }

    /**
     * One operation or a short chain (a matmul over at most a few dozen products, a softmax row, LayerNorm, GELU,
     * a rotation): float rounding differs with the order of the sums and with float vs double intermediates, by
     * far less than this.
     */
    public static final Tolerance SINGLE_OP = new Tolerance(1e-4, 1e-4);

    /**
     * Several operations chained (attention = matmul, softmax, matmul; the feed-forward network; one transformer
     * block): each step's rounding is carried into the next.
     */
    public static final Tolerance COMPOSED = new Tolerance(2e-4, 1e-3);

    /** A whole model: embedding, several blocks, final LayerNorm and the tied projection. */
    public static final Tolerance WHOLE_MODEL = new Tolerance(1e-3, 2e-3);

    /**
     * Sampler probabilities: the contract asks for sums in double and a float result, so they agree with the
     * reference to a few float ulps; this still accepts a softmax computed in float.
     */
    public static final Tolerance PROBABILITY = new Tolerance(1e-5, 1e-4);

    private Check() {
    }

    // ---- likely causes ----

    /** A likely cause of a wrong result; {@link #explain} returns null when it does not apply to {@code actual}. */
    @FunctionalInterface
    public interface Hint<T> {
        String explain(T actual);
    }

    /**
     * Applies when {@code wrong} reproduces the learner's tensor: same shape, within the check's tolerance × 5, and
     * at most half as far from it as the expected answer is (so a variant that is nearly the right answer never
     * explains a result that is merely a little off).
     */
    public static Hint<Tensor> looksLike(Supplier<Tensor> wrong, String cause) {
        return new TensorVariant(wrong, cause);
    }

    /** Applies when the learner's array equals {@code wrong} within the check's tolerance × 5. */
    public static Hint<float[]> arrayLooksLike(Supplier<float[]> wrong, String cause) {
        Hint<Tensor> inner = looksLike(() -> Tensor.vector(wrong.get()), cause);
        return new ArrayVariant(inner);
    }

    /** Applies when the learner's result equals {@code wrong} exactly (ints, lists, strings). */
    public static <T> Hint<T> same(Supplier<T> wrong, String cause) {
        return actual -> {
            try {
                return Objects.deepEquals(wrong.get(), actual) ? cause : null;
            } catch (RuntimeException e) {
                return null;
            }
        };
    }

    /** Applies when {@code condition} holds for the learner's result. */
    public static <T> Hint<T> when(Predicate<T> condition, String cause) {
        return actual -> {
            try {
                return condition.test(actual) ? cause : null;
            } catch (RuntimeException e) {
                return null;
            }
        };
    }

    private record TensorVariant(Supplier<Tensor> wrong, String cause) implements Hint<Tensor> {
        @Override
        public String explain(Tensor actual) {
            return null;   // needs the tolerance: see explainWith
        }

        String explainWith(Tensor expected, Tensor actual, Tolerance tolerance) {
            try {
                Tensor w = wrong.get();
                if (w == null || !w.sameShape(actual)) {
                    return null;
                }
                double fromVariant = distance(w.toArray(), actual.toArray(), tolerance);
                double fromExpected = expected.sameShape(actual)
                        ? distance(expected.toArray(), actual.toArray(), tolerance) : Double.POSITIVE_INFINITY;
                return fromVariant <= 5 && fromVariant <= fromExpected / 2 ? cause : null;
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    private record ArrayVariant(Hint<Tensor> inner) implements Hint<float[]> {
        @Override
        public String explain(float[] actual) {
            return null;
        }
    }

    private static String likelyCause(Tensor expected, Tensor actual, Tolerance tolerance, Hint<Tensor>[] hints) {
        List<String> causes = new ArrayList<>();
        for (Hint<Tensor> hint : hints) {
            String cause = hint instanceof TensorVariant v ? v.explainWith(expected, actual, tolerance)
                    : safeExplain(hint, actual);
            if (cause != null && !causes.contains(cause)) {
                causes.add(cause);
            }
        }
        return causes.isEmpty() ? "" : "\n  Likely cause: " + String.join("\n  Or: ", causes);
    }

    private static <T> String likelyCause(T actual, Hint<T>[] hints) {
        List<String> causes = new ArrayList<>();
        for (Hint<T> hint : hints) {
            String cause = safeExplain(hint, actual);
            if (cause != null && !causes.contains(cause)) {
                causes.add(cause);
            }
        }
        return causes.isEmpty() ? "" : "\n  Likely cause: " + String.join("\n  Or: ", causes);
    }

    private static <T> String safeExplain(Hint<T> hint, T actual) {
        try {
            return hint.explain(actual);
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ---- comparisons ----

    /**
     * Asserts same shape and every element within {@code tolerance}. {@code what} names the quantity (and may say
     * how it is computed); the hints are tried in order when the check fails.
     */
    @SafeVarargs
    @SuppressWarnings("varargs")   // the hints are only read
    public static void close(String what, Tensor expected, Tensor actual, Tolerance tolerance,
                             Hint<Tensor>... hints) {
        if (actual == null) {
            fail(what + ": expected a tensor of shape " + Arrays.toString(expected.shape()) + " but got null");
        }
        if (!expected.sameShape(actual)) {
            fail(what + ": expected shape " + Arrays.toString(expected.shape()) + " but got shape "
                    + Arrays.toString(actual.shape()) + likelyCause(expected, actual, tolerance, hints));
        }
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        int at = firstDifference(e, a, tolerance);
        if (at >= 0) {
            int differing = 0;
            for (int i = 0; i < e.length; i++) {
                if (!tolerance.accepts(e[i], a[i])) {
                    differing++;
                }
            }
            fail(what + ": element " + Arrays.toString(unflatten(at, expected.shape())) + " should be " + e[at]
                    + " but was " + a[at] + describeDifference(e[at], a[at]) + "; " + differing + " of " + e.length
                    + " elements are off (tolerance " + tolerance + ")"
                    + showBoth(expected, actual, e, a, at)
                    + likelyCause(expected, actual, tolerance, hints));
        }
    }

    /** {@link #close(String, Tensor, Tensor, Tolerance, Hint[])} for flat arrays (e.g. probabilities). */
    @SafeVarargs
    @SuppressWarnings("varargs")   // the hints are only read
    public static void close(String what, float[] expected, float[] actual, Tolerance tolerance,
                             Hint<float[]>... hints) {
        if (actual == null) {
            fail(what + ": expected " + expected.length + " values but got null");
        }
        List<Hint<Tensor>> asTensor = new ArrayList<>();
        for (Hint<float[]> hint : hints) {
            if (hint instanceof ArrayVariant v) {
                asTensor.add(v.inner());
            } else {
                asTensor.add(t -> hint.explain(t.toArray()));
            }
        }
        if (actual.length != expected.length) {
            fail(what + ": expected " + expected.length + " values but got " + actual.length + ": "
                    + Arrays.toString(actual));
        }
        @SuppressWarnings("unchecked")
        Hint<Tensor>[] array = asTensor.toArray(Hint[]::new);
        close(what, Tensor.vector(expected), Tensor.vector(actual), tolerance, array);
    }

    /** Asserts two id arrays are equal, naming the first differing index. */
    @SafeVarargs
    @SuppressWarnings("varargs")   // the hints are only read
    public static void same(String what, int[] expected, int[] actual, Hint<int[]>... hints) {
        if (actual == null) {
            fail(what + ": expected " + Arrays.toString(expected) + " but got null");
        }
        if (Arrays.equals(expected, actual)) {
            return;
        }
        int at = 0;
        while (at < expected.length && at < actual.length && expected[at] == actual[at]) {
            at++;
        }
        String where = at < expected.length && at < actual.length
                ? "index " + at + " should be " + expected[at] + " but was " + actual[at]
                : "expected " + expected.length + " values but got " + actual.length;
        fail(what + ": " + where + "\n  expected " + Arrays.toString(expected) + "\n  but got  "
                + Arrays.toString(actual) + likelyCause(actual, hints));
    }

    /** Asserts two lists are equal, naming the first differing index. */
    @SafeVarargs
    @SuppressWarnings("varargs")   // the hints are only read
    public static <T> void same(String what, List<T> expected, List<T> actual, Hint<List<T>>... hints) {
        if (actual == null) {
            fail(what + ": expected " + expected + " but got null");
        }
        if (expected.equals(actual)) {
            return;
        }
        int at = 0;
        while (at < expected.size() && at < actual.size() && expected.get(at).equals(actual.get(at))) {
            at++;
        }
        String where = at < expected.size() && at < actual.size()
                ? "item " + at + " should be " + expected.get(at) + " but was " + actual.get(at)
                : "expected " + expected.size() + " items but got " + actual.size();
        fail(what + ": " + where + "\n  expected " + abbreviate(expected) + "\n  but got  " + abbreviate(actual)
                + likelyCause(actual, hints));
    }

    /** Asserts equality of single values (ids, strings, sizes). */
    @SafeVarargs
    @SuppressWarnings("varargs")   // the hints are only read
    public static <T> void same(String what, T expected, T actual, Hint<T>... hints) {
        if (!Objects.equals(expected, actual)) {
            fail(what + ": expected " + show(expected) + " but got " + show(actual) + likelyCause(actual, hints));
        }
    }

    /** Asserts two strings are equal, naming the first differing character with its code point. */
    @SafeVarargs
    @SuppressWarnings("varargs")   // the hints are only read
    public static void sameText(String what, String expected, String actual, Hint<String>... hints) {
        if (Objects.equals(expected, actual)) {
            return;
        }
        if (actual == null) {
            fail(what + ": expected " + show(expected) + " but got null");
        }
        int at = 0;
        while (at < expected.length() && at < actual.length() && expected.charAt(at) == actual.charAt(at)) {
            at++;
        }
        fail(what + ": the texts differ from char " + at + " on: expected " + around(expected, at) + " but got "
                + around(actual, at) + " (lengths " + expected.length() + " and " + actual.length() + ")"
                + likelyCause(actual, hints));
    }

    private static String around(String s, int at) {
        int from = Math.max(0, at - 8);
        int to = Math.min(s.length(), at + 8);
        StringBuilder codes = new StringBuilder();
        for (int i = at; i < Math.min(s.length(), at + 3); i++) {
            codes.append(codes.isEmpty() ? "" : " ").append(String.format("U+%04X", (int) s.charAt(i)));
        }
        return "\"" + (from > 0 ? "…" : "") + s.substring(from, to).replace("\n", "\\n").replace("\t", "\\t")
                + (to < s.length() ? "…" : "") + "\"" + (codes.isEmpty() ? " (ends there)" : " [" + codes + "]");
    }

    /** Asserts a condition, with a message that says what should hold. */
    public static void that(boolean condition, String message) {
        if (!condition) {
            fail(message);
        }
    }

    /**
     * Asserts that {@code call} throws {@link IllegalArgumentException} whose message contains each of
     * {@code mustMention}. Learner failures and a stub's exception pass through untouched; any other exception
     * fails with a message that says what was expected instead.
     */
    public static IllegalArgumentException rejects(String what, Runnable call, String... mustMention) {
        try {
            call.run();
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            for (String part : mustMention) {
                if (!message.contains(part)) {
                    fail(what + ": the IllegalArgumentException is right, but its message should mention " + part
                            + " so the caller can see what was wrong; it was: \"" + message + "\"");
                }
            }
            return e;
        } catch (LearnerFailure | UnsupportedOperationException e) {
            throw e;
        } catch (RuntimeException e) {
            fail(what + ": expected IllegalArgumentException but the call threw " + e.getClass().getName() + ": "
                    + e.getMessage() + ". Check the arguments before computing and throw "
                    + "new IllegalArgumentException(\"…\") that names them");
        }
        fail(what + ": expected IllegalArgumentException but the call returned normally: check the arguments "
                + "first and throw new IllegalArgumentException(\"…\") that names them");
        return null;
    }

    // ---- what the contract says about inputs and results ----

    /**
     * Runs {@code call} and fails if it wrote into any of {@code inputs} (given as name, value, name, value, …;
     * tensors, arrays and the contract's records of tensors), naming the input and the first element that changed.
     * Returns what the call returned.
     */
    public static <T> T leavesInputsAlone(String what, Supplier<T> call, Object... inputs) {
        return InputGuard.check(what, call, inputs);
    }

    /**
     * Fails if {@code result} shares its buffer with one of {@code inputs}: the contract asks for a new tensor,
     * not a view (writing into a view would change the input).
     */
    public static void isNewTensor(String what, Tensor result, Tensor... inputs) {
        if (result == null) {
            fail(what + ": expected a new tensor but got null");
        }
        for (Tensor input : inputs) {
            if (result.data() == input.data()) {
                fail(what + ": the result shares its buffer with the input of shape " + Arrays.toString(input.shape())
                        + " (it is that tensor, or a view of it: writing into the result would change the input); "
                        + "build a new tensor, e.g. Tensor.zeros(...), and copy the values into it");
            }
        }
    }

    // ---- the suites' own checks ----

    /**
     * A suite's self-check that its fixed data tells {@code rule} from a known alternative: if the alternative
     * passed the check here (within {@code tolerance}), a learner making that mistake would pass the test that is
     * named for the rule.
     * Used with fixed data only (random data could tell them apart under one seed and not another).
     */
    public static void separates(String rule, Tensor expected, Supplier<Tensor> alternative, Tolerance tolerance) {
        Tensor wrong = alternative.get();
        if (wrong != null && wrong.sameShape(expected)
                && firstDifference(expected.toArray(), wrong.toArray(), tolerance) < 0) {
            throw new AssertionError("suite defect: on this test's data " + rule + " gives the expected answer");
        }
    }

    /** {@link #separates(String, Tensor, Supplier, Tolerance)} for ids, lists and strings (exact equality). */
    public static void separates(String rule, Object expected, Supplier<?> alternative) {
        if (Objects.deepEquals(expected, alternative.get())) {
            throw new AssertionError("suite defect: on this test's data " + rule + " gives the expected answer");
        }
    }

    // ---- inputs ----

    /** Uniform values in {@code [-scale, scale)}. */
    public static Tensor random(SplittableRandom random, double scale, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] data = t.data();
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        return t;
    }

    /** Normal(mean, std) values. */
    public static Tensor normal(SplittableRandom random, double mean, double std, int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] data = t.data();
        for (int i = 0; i < data.length; i++) {
            double u1 = 1.0 - random.nextDouble();
            double u2 = random.nextDouble();
            data[i] = (float) (mean + std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
        }
        return t;
    }

    /** {@code n} ids in {@code [0, vocab)}. */
    public static int[] randomIds(SplittableRandom random, int n, int vocab) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = random.nextInt(vocab);
        }
        return ids;
    }

    /**
     * Random attention projections, normal(0, {@code std}). The suites use a larger spread than the contract's
     * 0.02 initialisation so attention is far from uniform and mistakes change the numbers visibly.
     */
    public static Attention.Weights attentionWeights(SplittableRandom random, int d, double std) {
        return new Attention.Weights(normal(random, 0, std, d, d), normal(random, 0, std, d, d),
                normal(random, 0, std, d, d), normal(random, 0, std, d, d));
    }

    /** Random block weights: LayerNorm gamma near 1 and beta near 0 (not exactly, so swaps show), projections random. */
    public static TransformerBlock.Weights blockWeights(SplittableRandom random, int d) {
        return new TransformerBlock.Weights(normal(random, 1, 0.2, d), normal(random, 0, 0.1, d),
                attentionWeights(random, d, 1.2 / Math.sqrt(d)),
                normal(random, 1, 0.2, d), normal(random, 0, 0.1, d),
                normal(random, 0, 1.0 / Math.sqrt(d), d, 4 * d), normal(random, 0, 0.8 / Math.sqrt(4 * d), 4 * d, d));
    }

    /** Random model weights for {@code config}: embedding std 1 so logits are well separated. */
    public static LanguageModel.Weights modelWeights(SplittableRandom random, LanguageModel.Config config) {
        return modelWeights(random, config, 1.0);
    }

    /**
     * Random model weights with token embedding std {@code embeddingStd}: a small one (≈ 0.3) gives flatter
     * next-token distributions, so sampled generation really depends on every draw.
     */
    public static LanguageModel.Weights modelWeights(SplittableRandom random, LanguageModel.Config config,
                                                     double embeddingStd) {
        int d = config.dModel();
        List<TransformerBlock.Weights> blocks = new ArrayList<>();
        Tensor tokens = normal(random, 0, embeddingStd, config.vocabSize(), d);
        Tensor positions = config.positional() == LanguageModel.Positional.LEARNED
                ? normal(random, 0, 0.5, config.contextLength(), d) : null;
        for (int l = 0; l < config.layers(); l++) {
            blocks.add(blockWeights(random, d));
        }
        return new LanguageModel.Weights(config, tokens, positions, blocks, normal(random, 1, 0.2, d),
                normal(random, 0, 0.1, d));
    }

    /**
     * The same values as {@code t} seen through a non-contiguous view that does not start at buffer index 0:
     * rank 1 has stride 2 and offset 1; rank ≥ 2 stores the last two dimensions transposed, behind one spare
     * element. Code that reads {@code data()} row by row from 0 gets other numbers.
     */
    public static Tensor strided(Tensor t) {
        int[] shape = t.shape();
        float[] values = t.toArray();
        if (shape.length == 1) {
            int n = shape[0];
            float[] buffer = new float[2 * n + 2];
            Arrays.fill(buffer, 7.5f);
            for (int i = 0; i < n; i++) {
                buffer[1 + 2 * i] = values[i];
            }
            return Tensor.of(buffer, n + 1, 2).transpose(0, 1).row(1).rows(0, n);   // stride 2, offset 1
        }
        int r = shape.length;
        Tensor swapped = Tensor.of(values, shape).transpose(r - 2, r - 1).copy();   // last two dims swapped
        float[] padded = new float[swapped.numel() + 1];
        padded[0] = 7.5f;
        System.arraycopy(swapped.data(), 0, padded, 1, swapped.numel());
        Tensor atOffsetOne = Tensor.of(padded, padded.length, 1).rows(1, padded.length).reshape(swapped.shape());
        return atOffsetOne.transpose(r - 2, r - 1);
    }

    // ---- formatting ----

    /**
     * The largest difference between two arrays in units of the tolerance (1 = just at the tolerance); NaN against
     * NaN is 0, NaN against a number infinitely far.
     */
    static double distance(float[] reference, float[] actual, Tolerance tolerance) {
        double worst = 0;
        for (int i = 0; i < reference.length; i++) {
            double e = reference[i];
            double a = actual[i];
            double d;
            if (Double.isNaN(e) || Double.isNaN(a)) {
                d = Double.isNaN(e) && Double.isNaN(a) ? 0 : Double.POSITIVE_INFINITY;
            } else if (Double.isInfinite(e) || Double.isInfinite(a)) {
                d = e == a ? 0 : Double.POSITIVE_INFINITY;
            } else {
                d = Math.abs(e - a) / (tolerance.absolute() + tolerance.relative() * Math.abs(e));
            }
            worst = Math.max(worst, d);
        }
        return worst;
    }

    /** Index of the first element outside the tolerance, or -1. */
    static int firstDifference(float[] expected, float[] actual, Tolerance tolerance) {
        if (expected.length != actual.length) {
            return 0;
        }
        for (int i = 0; i < expected.length; i++) {
            if (!tolerance.accepts(expected[i], actual[i])) {
                return i;
            }
        }
        return -1;
    }

    /** Both tensors in full when small; otherwise the last-dimension row that holds the first difference. */
    private static String showBoth(Tensor expected, Tensor actual, float[] e, float[] a, int at) {
        if (e.length <= SHOWN_IN_FULL) {
            return "\n  expected " + expected + "\n  but got  " + actual;
        }
        int[] shape = expected.shape();
        int width = Math.max(1, shape[shape.length - 1]);
        int rowStart = at - at % width;
        int from = Math.max(rowStart, at - 8);
        int to = Math.min(rowStart + width, from + 16);
        int[] index = unflatten(at, shape);
        StringBuilder where = new StringBuilder("[");
        for (int d = 0; d < index.length - 1; d++) {
            where.append(index[d]).append(", ");
        }
        where.append(from - rowStart).append("..").append(to - 1 - rowStart).append("]");
        return "\n  elements " + where + " of the " + Arrays.toString(shape) + " result:"
                + "\n  expected " + Arrays.toString(Arrays.copyOfRange(e, from, to))
                + "\n  but got  " + Arrays.toString(Arrays.copyOfRange(a, from, to));
    }

    /** "√4 = 2" or "√6 ≈ 2.449", for messages about scales. */
    public static String root(int n) {
        double r = Math.sqrt(n);
        return r == Math.rint(r) ? "√" + n + " = " + (int) r : String.format(java.util.Locale.ROOT, "√%d ≈ %.3f", n, r);
    }

    /** Tensors up to this many elements are printed whole in failure messages. */
    private static final int SHOWN_IN_FULL = 36;

    private static String describeDifference(float expected, float actual) {
        if (Float.isNaN(actual)) {
            return " (NaN)";
        }
        if (Float.isInfinite(actual)) {
            return " (infinite)";
        }
        return " (difference " + (float) Math.abs((double) expected - actual) + ")";
    }

    static int[] unflatten(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            int size = Math.max(shape[d], 1);
            index[d] = flat % size;
            flat /= size;
        }
        return index;
    }

    private static String show(Object value) {
        if (value instanceof String s) {
            return "\"" + s + "\"";
        }
        return String.valueOf(value);
    }

    private static String abbreviate(List<?> list) {
        return list.size() <= 12 ? list.toString()
                : list.subList(0, 12) + " … (" + list.size() + " items)";
    }
}
