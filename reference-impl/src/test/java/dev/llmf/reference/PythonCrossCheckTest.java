package dev.llmf.reference;

import static dev.llmf.reference.Fixtures.ODD_SIZES;
import static dev.llmf.reference.Fixtures.assertClose;
import static dev.llmf.reference.Fixtures.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference against independent Python oracles in {@code src/test/resources/crosscheck/}: numpy (float64) for
 * softmax, LayerNorm, GELU, matmul and attention; a plain-Python BPE for training and encoding. Java writes the inputs
 * to a temporary folder, one Python process computes the answers, Java compares.
 *
 * <p>Python is not part of the build: where {@code python3} (or, for the numpy tests, {@code import numpy}) is
 * missing, these tests are skipped with the reason, not failed.
 */
@DisplayName("Reference vs. independent Python oracles (numpy and a plain-Python BPE)")
class PythonCrossCheckTest {

    /** numpy's float64 results against the reference's float32 ones. */
    private static final double TOL = 1e-5;

    private static String pythonProblem;
    private static String numpyProblem;
    private static boolean probed;

    /** For the numpy batch, shared by the numpy tests. */
    @TempDir
    static Path shared;

    /** For the BPE test. */
    @TempDir
    Path dir;

    // ---- availability ----

    private static synchronized void probe() {
        if (probed) {
            return;
        }
        probed = true;
        numpyProblem = PythonOracle.problemRunning("python3", "-c", "import unicodedata, numpy");
        pythonProblem = numpyProblem == null ? null
                : PythonOracle.problemRunning("python3", "-c", "import unicodedata");
    }

    private static void assumeNumpy() {
        probe();
        assumeTrue(numpyProblem == null, () -> "skipped: the numpy cross-check needs python3 with numpy ("
                + numpyProblem + ")");
    }

    private static void assumePython() {
        probe();
        assumeTrue(pythonProblem == null, () -> "skipped: the Python BPE cross-check needs python3 ("
                + pythonProblem + ")");
    }

    /** Runs {@code python3 <script> args…} on the script {@code crosscheck/<name>}, copied into {@code folder}. */
    private static void runPython(String name, Path folder, String... args) throws Exception {
        PythonOracle.run("python3", PythonOracle.copyScript(name, folder), args);
    }

    // ---- the numpy exchange ----

    /** One computation for numpy: an op, flags and named input tensors. */
    private record Case(String op, Map<String, Boolean> flags, Map<String, Tensor> inputs) {
    }

    private static Case oneInput(String op, String name, Tensor t) {
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        inputs.put(name, t);
        return new Case(op, Map.of(), inputs);
    }

    /** Every numpy case of this class, by group; numpy runs once for all of them (Python starts slowly). */
    private static Map<String, List<Case>> numpyCases;
    private static Map<String, List<Map<String, double[]>>> numpyResults;

    private static List<Case> numpyCases(String group) throws Exception {
        runNumpyOnce();
        return numpyCases.get(group);
    }

    private static List<Map<String, double[]>> numpyResults(String group) throws Exception {
        runNumpyOnce();
        return numpyResults.get(group);
    }

    /** Writes all cases, runs numpy_check.py once, and reads each case's named results back. */
    private static synchronized void runNumpyOnce() throws Exception {
        if (numpyResults != null) {
            return;
        }
        Map<String, List<Case>> groups = new LinkedHashMap<>();
        groups.put("softmax", softmaxCases());
        groups.put("layerNorm", layerNormCases());
        groups.put("gelu", geluCases());
        groups.put("matmul", matmulCases());
        groups.put("attention", attentionCases());
        Path data = Files.createDirectories(shared.resolve("numpy"));
        List<String> files = new ArrayList<>();
        for (var group : groups.entrySet()) {
            for (int i = 0; i < group.getValue().size(); i++) {
                String file = group.getKey() + String.format("%03d", i);
                files.add(file);
                Files.writeString(data.resolve(file + ".in"), serialize(group.getValue().get(i)),
                        StandardCharsets.UTF_8);
            }
        }
        runPython("numpy_check.py", shared, data.toString());
        Map<String, List<Map<String, double[]>>> results = new LinkedHashMap<>();
        for (var group : groups.entrySet()) {
            List<Map<String, double[]>> list = new ArrayList<>();
            for (int i = 0; i < group.getValue().size(); i++) {
                list.add(PythonOracle.results(data.resolve(group.getKey() + String.format("%03d", i) + ".out")));
            }
            results.put(group.getKey(), list);
        }
        numpyCases = groups;
        numpyResults = results;
    }

    private static String serialize(Case c) {
        PythonOracle.Input in = new PythonOracle.Input(c.op());
        c.flags().forEach(in::flag);
        c.inputs().forEach(in::tensor);
        return in.text();
    }

    @Test
    @DisplayName("softmax agrees with numpy within 1e-5 on odd widths, large spans and -Infinity entries")
    void softmax() throws Exception {
        assumeNumpy();
        List<Case> cases = numpyCases("softmax");
        List<Map<String, double[]>> expected = numpyResults("softmax");
        ReferenceTensorMath math = new ReferenceTensorMath();
        for (int i = 0; i < cases.size(); i++) {
            Tensor x = cases.get(i).inputs().get("x");
            assertClose("case " + i + " " + java.util.Arrays.toString(x.shape()), expected.get(i).get("y"),
                    math.softmax(x), TOL, TOL);
        }
    }

    @Test
    @DisplayName("layerNorm agrees with numpy within 1e-5 for widths 1, 7, 33, 65, 130")
    void layerNorm() throws Exception {
        assumeNumpy();
        List<Case> cases = numpyCases("layerNorm");
        List<Map<String, double[]>> expected = numpyResults("layerNorm");
        ReferenceTransformerBlock block = new ReferenceTransformerBlock();
        for (int i = 0; i < cases.size(); i++) {
            Map<String, Tensor> in = cases.get(i).inputs();
            assertClose("d=" + in.get("gamma").size(0), expected.get(i).get("y"),
                    block.layerNorm(in.get("x"), in.get("gamma"), in.get("beta")), TOL, TOL);
        }
    }

    @Test
    @DisplayName("gelu (tanh form) agrees with numpy within 1e-5 on values in [−8, 8]")
    void gelu() throws Exception {
        assumeNumpy();
        List<Case> cases = numpyCases("gelu");
        List<Map<String, double[]>> expected = numpyResults("gelu");
        ReferenceTransformerBlock block = new ReferenceTransformerBlock();
        for (int i = 0; i < cases.size(); i++) {
            assertClose("case " + i, expected.get(i).get("y"), block.gelu(cases.get(i).inputs().get("x")), TOL,
                    TOL);
        }
    }

    @Test
    @DisplayName("matmul agrees with numpy within 1e-5 (relative) on odd shapes")
    void matmul() throws Exception {
        assumeNumpy();
        List<Case> cases = numpyCases("matmul");
        List<Map<String, double[]>> expected = numpyResults("matmul");
        ReferenceTensorMath math = new ReferenceTensorMath();
        for (int i = 0; i < cases.size(); i++) {
            Map<String, Tensor> in = cases.get(i).inputs();
            assertClose("case " + i, expected.get(i).get("y"), math.matmul(in.get("a"), in.get("b")), TOL, TOL);
        }
    }

    @Test
    @DisplayName("scaled dot-product attention agrees with numpy within 1e-5, causal and not")
    void attention() throws Exception {
        assumeNumpy();
        List<Case> cases = numpyCases("attention");
        List<Map<String, double[]>> expected = numpyResults("attention");
        ReferenceAttention attention = new ReferenceAttention();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Attention.Output out = attention.scaledDotProduct(c.inputs().get("q"), c.inputs().get("k"),
                    c.inputs().get("v"), c.flags().get("causal"));
            String what = "case " + i + " q" + java.util.Arrays.toString(c.inputs().get("q").shape()) + " k"
                    + java.util.Arrays.toString(c.inputs().get("k").shape()) + (c.flags().get("causal") ? " causal"
                    : "");
            assertClose(what + " weights", expected.get(i).get("weights"), out.weights(), TOL, TOL);
            assertClose(what + " output", expected.get(i).get("output"), out.output(), TOL, TOL);
        }
        assertArrayEquals(new double[] {0.274069, 0.274069, 0.451863},
                java.util.Arrays.copyOf(expected.get(cases.size() - 1).get("weights"), 3), 1e-6,
                "numpy's course weights row 0");
    }

    // ---- numpy case builders (deterministic) ----

    private static List<Case> softmaxCases() {
        SplittableRandom random = new SplittableRandom(31);
        List<Case> cases = new ArrayList<>();
        for (int cols : ODD_SIZES) {
            for (double scale : new double[] {0.1, 5, 300}) {
                cases.add(oneInput("softmax", "x", uniform(random, -scale, scale, 3, cols)));
            }
        }
        Tensor masked = uniform(random, -2, 2, 4, 9);
        for (int i = 0; i < 4; i++) {
            for (int j = i + 1; j < 9; j++) {
                masked.set2(i, j, Float.NEGATIVE_INFINITY);
            }
        }
        cases.add(oneInput("softmax", "x", masked));
        cases.add(oneInput("softmax", "x", uniform(random, 9990, 10010, 2, 3, 17)));   // rank 3, huge logits
        return cases;
    }

    private static List<Case> layerNormCases() {
        SplittableRandom random = new SplittableRandom(32);
        List<Case> cases = new ArrayList<>();
        for (int d : ODD_SIZES) {
            Map<String, Tensor> inputs = new LinkedHashMap<>();
            inputs.put("x", uniform(random, -4, 6, 5, d));
            inputs.put("gamma", uniform(random, -2, 2, d));
            inputs.put("beta", uniform(random, -1, 1, d));
            cases.add(new Case("layernorm", Map.of(), inputs));
        }
        return cases;
    }

    private static List<Case> geluCases() {
        SplittableRandom random = new SplittableRandom(33);
        List<Case> cases = new ArrayList<>();
        for (int d : ODD_SIZES) {
            cases.add(oneInput("gelu", "x", uniform(random, -8, 8, 3, d)));
        }
        return cases;
    }

    private static List<Case> matmulCases() {
        SplittableRandom random = new SplittableRandom(34);
        List<Case> cases = new ArrayList<>();
        int[][] shapes = {{1, 1, 1}, {7, 33, 65}, {130, 7, 1}, {65, 130, 33}, {33, 65, 130}};
        for (int[] s : shapes) {
            Map<String, Tensor> inputs = new LinkedHashMap<>();
            inputs.put("a", uniform(random, -1, 1, s[0], s[1]));
            inputs.put("b", uniform(random, -1, 1, s[1], s[2]));
            cases.add(new Case("matmul", Map.of(), inputs));
        }
        return cases;
    }

    private static List<Case> attentionCases() {
        SplittableRandom random = new SplittableRandom(35);
        List<Case> cases = new ArrayList<>();
        int[][] shapes = {{1, 1, 1, 1}, {7, 7, 33, 7}, {33, 33, 7, 65}, {65, 65, 16, 16}, {7, 33, 65, 1},
            {3, 130, 130, 5}};
        for (int[] s : shapes) {
            for (boolean causal : new boolean[] {false, true}) {
                if (causal && s[0] != s[1]) {
                    continue;
                }
                double a = 2.0 / Math.pow(s[2], 0.25);
                Map<String, Tensor> inputs = new LinkedHashMap<>();
                inputs.put("q", uniform(random, -a, a, s[0], s[2]));
                inputs.put("k", uniform(random, -a, a, s[1], s[2]));
                inputs.put("v", uniform(random, -1, 1, s[1], s[3]));
                cases.add(new Case("attention", Map.of("causal", causal), inputs));
            }
        }
        // The course's dry run, so numpy also confirms the course numbers used in ReferenceAttentionTest.
        Map<String, Tensor> course = new LinkedHashMap<>();
        course.put("q", Tensor.matrix(new float[][] {{1, 0, 1, 0}, {0, 1, 0, 1}, {1, 1, 0, 0}}));
        course.put("k", Tensor.matrix(new float[][] {{1, 1, 0, 0}, {0, 0, 1, 1}, {1, 0, 1, 0}}));
        course.put("v", Tensor.matrix(new float[][] {{1, 0, 1, 0}, {0, 1, 0, 1}, {1, 1, 0, 0}}));
        cases.add(new Case("attention", Map.of("causal", false), course));
        return cases;
    }

    // ---- the Python BPE ----

    @Test
    @DisplayName("BPE training on a ~6 KB generated corpus learns exactly the merges of a plain-Python BPE")
    void bpeAgainstPython() throws Exception {
        assumePython();
        String corpus = ReferenceTokenizerTest.mixedCorpus(new SplittableRandom(2024), 6000);
        int vocab = 256 + 200;
        Path corpusFile = dir.resolve("corpus.txt");
        Files.writeString(corpusFile, corpus, StandardCharsets.UTF_8);
        // Texts to encode: more generated text and random strings of letters, digits, symbols, CJK and emoji.
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            texts.add(ReferenceTokenizerTest.mixedCorpus(new SplittableRandom(700 + i), 150));
            texts.add(wellKnownString(new SplittableRandom(800 + i), 60));
        }
        Path textsFile = dir.resolve("texts.hex");
        StringBuilder hex = new StringBuilder();
        for (String t : texts) {
            hex.append(HexFormat.of().formatHex(t.getBytes(StandardCharsets.UTF_8))).append('\n');
        }
        Files.writeString(textsFile, hex);
        Path mergesFile = dir.resolve("merges.txt");
        Path encodedFile = dir.resolve("encoded.txt");
        runPython("bpe_check.py", dir, corpusFile.toString(), Integer.toString(vocab), mergesFile.toString(),
                textsFile.toString(), encodedFile.toString());

        List<Tokenizer.Merge> expected = new ArrayList<>();
        for (String line : Files.readAllLines(mergesFile)) {
            String[] p = line.split(" ");
            expected.add(new Tokenizer.Merge(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])));
        }
        assertEquals(200, expected.size(), "the corpus should be rich enough for 200 merges");
        Tokenizer tokenizer = new ReferenceTokenizer();
        tokenizer.train(corpus, vocab);
        List<Tokenizer.Merge> actual = tokenizer.merges();
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), "merge " + i + " (first difference)");
        }
        assertEquals(expected.size(), actual.size(), "number of merges");

        List<String> encoded = Files.readAllLines(encodedFile);
        assertEquals(texts.size(), encoded.size());
        for (int i = 0; i < texts.size(); i++) {
            String line = encoded.get(i).strip();
            int[] ids = line.isEmpty() ? new int[0]
                    : java.util.Arrays.stream(line.split(" ")).mapToInt(Integer::parseInt).toArray();
            assertArrayEquals(ids, tokenizer.encode(texts.get(i)), "text " + i + ": " + texts.get(i));
        }
        assertTrue(tokenizer.encode(corpus).length < corpus.getBytes(StandardCharsets.UTF_8).length / 2,
                "200 merges should at least halve the corpus's token count");
    }

    /**
     * Random text from long-assigned characters only (ASCII, Latin-1, CJK, emoji), so that Python's Unicode tables,
     * which may be older than Java's, classify every character the same way.
     */
    private static String wellKnownString(SplittableRandom random, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int cp = switch (random.nextInt(6)) {
                case 0, 1 -> random.nextInt(0x20, 0x7F);
                case 2 -> " \t\n".charAt(random.nextInt(3));
                case 3 -> random.nextInt(0xA0, 0x100);
                case 4 -> random.nextInt(0x4E00, 0x9FA6);
                default -> random.nextInt(0x1F300, 0x1F650);
            };
            s.appendCodePoint(cp);
        }
        return s.toString();
    }
}
