package dev.llmf.grader.sandbox;

import dev.llmf.contract.Tensor;
import dev.llmf.contract.TensorMath;
import dev.llmf.contract.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Learner code that reads views through {@code data()}, writes into its inputs, returns views and hands out its own
 * arrays behaves the same through a sandbox session as called in this JVM: whatever a suite can observe of it (the
 * numbers, the inputs afterwards, the result's layout, whether a result shares an input's buffer, what a write into
 * a returned array does) is the same both ways.
 */
class SandboxedLikeInProcessTest {

    private static final String CARELESS_MATH = """
            package learner;
            import dev.llmf.contract.Tensor;
            public class CarelessMath implements dev.llmf.contract.TensorMath {
                // reads the buffer row by row from 0: wrong for views
                public Tensor matmul(Tensor a, Tensor b) {
                    int m = a.size(0), k = a.size(1), n = b.size(1);
                    float[] out = new float[m * n];
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++)
                            for (int p = 0; p < k; p++)
                                out[i * n + j] += a.data()[i * k + p] * b.data()[p * n + j];
                    return Tensor.of(out, m, n);
                }
                // a view, not a new contiguous tensor
                public Tensor transpose(Tensor a) { return a.transpose(0, 1); }
                // returns its first input, written into
                public Tensor add(Tensor a, Tensor b) {
                    for (int i = 0; i < a.size(0); i++) a.set(a.get(i) + b.get(i), i);
                    return a;
                }
                // writes into its input through a view of it
                public Tensor softmax(Tensor x) {
                    float max = Float.NEGATIVE_INFINITY;
                    for (int i = 0; i < x.size(0); i++) max = Math.max(max, x.get(i));
                    float sum = 0;
                    for (int i = 0; i < x.size(0); i++) { x.set((float) Math.exp(x.get(i) - max), i); sum += x.get(i); }
                    for (int i = 0; i < x.size(0); i++) x.set(x.get(i) / sum, i);
                    return x.reshape(1, x.size(0)).row(0);
                }
            }
            """;

    private static final String KEEPING_TOKENIZER = """
            package learner;
            public class KeepingTokenizer implements dev.llmf.contract.Tokenizer {
                private final byte[][] bytes = new byte[256][];
                public KeepingTokenizer() { for (int i = 0; i < 256; i++) bytes[i] = new byte[] {(byte) i}; }
                public void train(String corpus, int vocabSize) { }
                public int[] encode(String text) { return new int[0]; }
                public String decode(int[] ids) {
                    StringBuilder s = new StringBuilder();
                    for (int id : ids) s.append((char) (bytes[id][0] & 0xFF));
                    ids[0] = -1;                       // and scribbles on its argument
                    return s.toString();
                }
                public java.util.List<dev.llmf.contract.Tokenizer.Merge> merges() { return java.util.List.of(); }
                public int vocabSize() { return 256; }
                public byte[] tokenBytes(int id) { return bytes[id]; }   // its own array, not a copy
            }
            """;

    private static Path classes;

    @BeforeAll
    static void compile(@TempDir Path dir) throws Exception {
        classes = LearnerCompiler.compile(dir.resolve("classes"), Map.of("learner.CarelessMath", CARELESS_MATH,
                "learner.KeepingTokenizer", KEEPING_TOKENIZER));
    }

    /** What a suite can see of careless tensor code, in words. */
    private static List<String> observeMath(TensorMath math) {
        List<String> seen = new ArrayList<>();
        Tensor a = Tensor.of(new float[] {9, 1, 4, 2, 5, 3, 6}, 7).rows(1, 7).reshape(3, 2).transpose(0, 1);
        Tensor b = Tensor.matrix(new float[][] {{1, 0}, {0, 1}, {1, 1}});
        seen.add("matmul of a view " + math.matmul(a, b));

        Tensor t = math.transpose(b);
        seen.add("transpose contiguous " + t.isContiguous() + " strides " + Arrays.toString(t.strides())
                + " shares input " + (t.data() == b.data()));

        Tensor x = Tensor.vector(1, 2, 3);
        Tensor y = Tensor.vector(10, 20, 30);
        Tensor sum = math.add(x, y);
        seen.add("add " + sum + " input now " + x + " shares input " + (sum.data() == x.data()));
        sum.set(-1f, 0);
        seen.add("after writing the result, input " + x);

        Tensor logits = Tensor.vector(2, 1, 0.5f, 0);
        Tensor p = math.softmax(logits);
        seen.add("softmax offset " + p.offset() + " shares input " + (p.data() == logits.data()) + " input now "
                + logits);
        return seen;
    }

    private static List<String> observeTokenizer(Tokenizer tokenizer) {
        List<String> seen = new ArrayList<>();
        byte[] handed = tokenizer.tokenBytes(65);
        seen.add("same array twice " + (handed == tokenizer.tokenBytes(65)));
        handed[0] = 'Z';                                   // a suite writes into what the contract calls a copy
        int[] ids = {65, 66};
        seen.add("decode after the write " + tokenizer.decode(ids) + ", ids now " + Arrays.toString(ids));
        return seen;
    }

    @Test
    void carelessTensorCodeIsSeenTheSameWayInTheSandboxAsInProcess() throws Exception {
        List<String> inProcess = observeMath((TensorMath) newInstance("learner.CarelessMath"));
        try (SandboxSession session = new ProcessSandbox().open(classes, Limits.defaults())) {
            assertEquals(inProcess, observeMath(session.implementation(TensorMath.class, "learner.CarelessMath")));
        }
        // and what it sees is the careless code's doing, not the reference's
        assertEquals("transpose contiguous false strides [1, 2] shares input true", inProcess.get(1));
        assertTrue(inProcess.get(4).startsWith("softmax offset 0 shares input true input now Tensor[4] [0.579"),
                inProcess.get(4));
        assertTrue(inProcess.get(2).contains("input now Tensor[3] [11.0, 22.0, 33.0] shares input true"),
                inProcess.get(2));
    }

    @Test
    void aTokenizerThatHandsOutItsOwnArraysIsSeenTheSameWayInTheSandboxAsInProcess() throws Exception {
        List<String> inProcess = observeTokenizer((Tokenizer) newInstance("learner.KeepingTokenizer"));
        try (SandboxSession session = new ProcessSandbox().open(classes, Limits.defaults())) {
            assertEquals(inProcess, observeTokenizer(session.implementation(Tokenizer.class,
                    "learner.KeepingTokenizer")));
        }
        assertEquals(List.of("same array twice true", "decode after the write ZB, ids now [-1, 66]"), inProcess);
    }

    private static Object newInstance(String name) throws Exception {
        URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                SandboxedLikeInProcessTest.class.getClassLoader());
        return loader.loadClass(name).getConstructor().newInstance();
    }
}
