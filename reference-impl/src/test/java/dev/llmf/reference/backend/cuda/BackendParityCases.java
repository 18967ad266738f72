package dev.llmf.reference.backend.cuda;

import static dev.llmf.reference.Fixtures.assertClose;
import static dev.llmf.reference.Fixtures.assertShape;
import static dev.llmf.reference.Fixtures.modelWeights;
import static dev.llmf.reference.Fixtures.randomIds;
import static dev.llmf.reference.Fixtures.scaled;
import static dev.llmf.reference.Fixtures.toVector;
import static dev.llmf.reference.Fixtures.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.llmf.contract.Attention;
import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Sampler;
import dev.llmf.contract.Tensor;
import dev.llmf.reference.Fixtures;
import dev.llmf.reference.ReferenceAttention;
import dev.llmf.reference.ReferenceEmbeddings;
import dev.llmf.reference.ReferenceLanguageModel;
import dev.llmf.reference.ReferenceTransformerBlock;
import dev.llmf.reference.backend.CpuBackend;
import dev.llmf.reference.backend.ModelPass;
import dev.llmf.reference.backend.ModelRun;
import dev.llmf.reference.backend.PositionTables;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every operation of the CUDA backend, and whole mini-GPT forwards, against the CPU backend on random shapes from
 * fixed seeds. The tolerances are the grader's ({@code Check.SINGLE_OP}, {@code COMPOSED}, {@code WHOLE_MODEL}):
 * the GPU must agree with the CPU reference as closely as a learner's answer must. Subclasses say which device:
 * {@link CudaParityTest} a real one (skipped without a GPU), {@link EmulatedDeviceTest} one emulated in Java.
 */
abstract class BackendParityCases {

    /** A value passes when {@code |gpu − cpu| ≤ absolute + relative·|cpu|}. */
    record Tolerance(double absolute, double relative) {
    }

    static final Tolerance SINGLE_OP = new Tolerance(1e-4, 1e-4);
    static final Tolerance COMPOSED = new Tolerance(2e-4, 1e-3);
    static final Tolerance WHOLE_MODEL = new Tolerance(1e-3, 2e-3);

    /**
     * Fast mode (TF32 products: inputs keep 10 of float's 23 mantissa bits, relative error ≈ 5e-4 per factor):
     * an operation within 5e-3 + 5e-3·|cpu|, a chain within 1e-2 + 1e-2·|cpu|, a whole model within
     * 5e-2 + 5e-2·|cpu| — for the demo, not for grading.
     */
    static Tolerance fastMode(Tolerance fp32) {
        if (fp32 == SINGLE_OP) {
            return new Tolerance(5e-3, 5e-3);
        }
        return fp32 == COMPOSED ? new Tolerance(1e-2, 1e-2) : new Tolerance(5e-2, 5e-2);
    }

    final CpuBackend cpu = new CpuBackend();
    private final boolean fast;

    /** The cases for a backend in fp32, or in fast mode ({@code fast}: TF32 products, {@link #fastMode} tolerances). */
    BackendParityCases(boolean fast) {
        this.fast = fast;
    }

    boolean fast() {
        return fast;
    }

    /** The CUDA backend under test, made with {@link #fast()}. */
    abstract CudaBackend backend();

    /** The largest matrix side the random cases draw. */
    abstract int maxSize();

    /** The tolerance this backend is held to where fp32 is held to {@code fp32}. */
    Tolerance tolerance(Tolerance fp32) {
        return fast ? fastMode(fp32) : fp32;
    }

    /** After each case: the device holds nothing the case allocated (checkable on the emulated device). */
    void assertNoDeviceMemoryLeft() {
    }

    @BeforeEach
    void backendReady() {
        backend();   // a subclass without a device skips here, before the case starts
    }

    @AfterEach
    void everythingFreed() {
        assertNoDeviceMemoryLeft();
    }

    void assertMatches(String what, Tensor expected, Tensor actual, Tolerance fp32) {
        Tolerance t = tolerance(fp32);
        assertShape(what, actual, expected.shape());
        assertClose(what + " (" + backend().describe() + ")", toVector(expected), actual.toArray(), t.absolute(),
                t.relative());
    }

    int size(SplittableRandom random) {
        return 1 + random.nextInt(maxSize());
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    @DisplayName("matmul of random shapes, and of a transposed view")
    void matmul(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int m = size(random);
        int k = size(random);
        int n = size(random);
        Tensor a = scaled(random, k, m, k);
        Tensor b = scaled(random, k, k, n);
        assertMatches("matmul " + m + "x" + k + "x" + n, cpu.matmul(a, b), backend().matmul(a, b), SINGLE_OP);
        Tensor bt = scaled(random, k, n, k).transpose(0, 1);
        assertMatches("matmul by a transposed view", cpu.matmul(a, bt), backend().matmul(a, bt), SINGLE_OP);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    @DisplayName("add, softmax (plain, causal, scaled, 3-D, huge logits), LayerNorm (far-off mean) and GELU")
    void elementwiseAndRowOperations(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int rows = size(random);
        int width = size(random);
        Tensor x = uniform(random, -3, 3, rows, width);
        Tensor y = uniform(random, -3, 3, rows, width);
        assertMatches("add", cpu.add(x, y), backend().add(x, y), SINGLE_OP);
        float scale = (float) (0.1 + random.nextDouble());
        assertMatches("softmax", cpu.softmax(x, scale, false), backend().softmax(x, scale, false), SINGLE_OP);
        int t = size(random);
        Tensor scores = uniform(random, -4, 4, 3, t, t);
        assertMatches("causal softmax [3, T, T]", cpu.softmax(scores, scale, true), backend().softmax(scores, scale, true),
                SINGLE_OP);
        Tensor huge = uniform(random, 500, 900, rows, width);   // exp would overflow without the max subtracted
        assertMatches("softmax of huge logits", cpu.softmax(huge, 1f, false), backend().softmax(huge, 1f, false),
                SINGLE_OP);
        Tensor offset = uniform(random, 99, 101, rows, width);
        Tensor gamma = uniform(random, 0.5, 1.5, width);
        Tensor beta = uniform(random, -0.5, 0.5, width);
        assertMatches("LayerNorm", cpu.layerNorm(offset, gamma, beta, 1e-5f),
                backend().layerNorm(offset, gamma, beta, 1e-5f), SINGLE_OP);
        Tensor wide = uniform(random, -8, 8, rows, width);
        assertMatches("GELU", cpu.gelu(wide), backend().gelu(wide), SINGLE_OP);
    }

    @Test
    @DisplayName("empty tensors and a zero inner size give what the CPU gives")
    void emptyShapes() {
        Tensor empty = Tensor.zeros(0, 5);
        assertMatches("softmax of [0, 5]", cpu.softmax(empty, 1f, false), backend().softmax(empty, 1f, false), SINGLE_OP);
        Tensor a = Tensor.zeros(3, 0);
        Tensor b = Tensor.zeros(0, 4);
        assertMatches("[3, 0] · [0, 4]", cpu.matmul(a, b), backend().matmul(a, b), SINGLE_OP);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    @DisplayName("RoPE of several heads in one row-major matrix, as the contract rotates each head")
    void rope(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int heads = 1 + random.nextInt(4);
        int dh = 2 * (1 + random.nextInt(8));
        int length = size(random);
        Tensor x = uniform(random, -2, 2, length, heads * dh);
        ReferenceEmbeddings cpuEmbeddings = new ReferenceEmbeddings(cpu);
        Tensor expected = Tensor.zeros(length, heads * dh);
        for (int h = 0; h < heads; h++) {
            Tensor rotated = cpuEmbeddings.rotary(x.transpose(0, 1).rows(h * dh, (h + 1) * dh).transpose(0, 1));
            for (int t = 0; t < length; t++) {
                System.arraycopy(rotated.row(t).toArray(), 0, expected.data(), t * heads * dh + h * dh, dh);
            }
        }
        DeviceOps ops = backend().ops();
        Tensor actual = ops.inArena(arena -> {
            DeviceBuffer buffer = ops.upload(arena, x);
            DeviceBuffer cos = ops.upload(arena, PositionTables.rope(length, dh, true));
            DeviceBuffer sin = ops.upload(arena, PositionTables.rope(length, dh, false));
            ops.rope(buffer.pointer(), length, length, heads * dh, heads, dh, cos.pointer(), sin.pointer());
            return Tensor.of(ops.download(buffer, length * heads * dh), length, heads * dh);
        });
        assertMatches("RoPE", expected, actual, SINGLE_OP);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    @DisplayName("multi-head attention and a transformer block through the per-operation backend")
    void attentionAndBlock(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int heads = 1 + random.nextInt(4);
        int d = heads * 2 * (1 + random.nextInt(6));
        int length = size(random);
        Tensor x = uniform(random, -1, 1, length, d);
        Attention.Options options = new Attention.Options(heads, true, random.nextBoolean());
        Attention.Weights weights = Fixtures.attentionWeights(random, d);
        Attention.Output expected = new ReferenceAttention(cpu).multiHead(x, weights, options);
        Attention.Output actual = new ReferenceAttention(backend()).multiHead(x, weights, options);
        assertMatches("attention output", expected.output(), actual.output(), COMPOSED);
        assertMatches("attention weights", expected.weights(), actual.weights(), COMPOSED);
        var block = Fixtures.blockWeights(random, d);
        assertMatches("block", new ReferenceTransformerBlock(cpu).forward(x, block, options),
                new ReferenceTransformerBlock(backend()).forward(x, block, options), COMPOSED);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LanguageModel.Positional.class)
    @DisplayName("a whole mini-GPT forward on the device, each kind of positions")
    void wholeModel(LanguageModel.Positional positional) {
        SplittableRandom random = new SplittableRandom(positional.ordinal() + 11);
        for (LanguageModel.Config config : modelConfigs(positional)) {
            LanguageModel.Weights weights = modelWeights(random, config);
            int[] tokens = randomIds(random, 1 + random.nextInt(config.contextLength()), config.vocabSize());
            assertMatches("logits of " + config, new ReferenceLanguageModel(cpu).forward(weights, tokens),
                    new ReferenceLanguageModel(backend()).forward(weights, tokens), WHOLE_MODEL);
        }
    }

    /** Model sizes for {@link #wholeModel}; a GPU adds larger ones. */
    List<LanguageModel.Config> modelConfigs(LanguageModel.Positional positional) {
        return List.of(new LanguageModel.Config(97, 24, 32, 4, 2, positional),
                new LanguageModel.Config(61, 9, 12, 3, 1, positional));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(LanguageModel.Positional.class)
    @DisplayName("decoding steps with the keys and values cached on the device give the CPU's logits; greedy "
            + "generation gives the CPU's tokens")
    void decodingWithCache(LanguageModel.Positional positional) {
        SplittableRandom random = new SplittableRandom(positional.ordinal() + 31);
        LanguageModel.Config config = new LanguageModel.Config(41, 14, 12, 3, 2, positional);
        LanguageModel.Weights weights = modelWeights(random, config);
        int[] tokens = randomIds(random, config.contextLength(), config.vocabSize());
        int prompt = 4;
        try (ModelRun<?> run = backend().openModel(weights, config.contextLength(), true)) {
            assertMatches("the prompt's last row", cpuLastRow(weights, tokens, prompt),
                    ModelPass.logits(run, java.util.Arrays.copyOf(tokens, prompt), 0, prompt - 1), WHOLE_MODEL);
            for (int position = prompt; position < tokens.length; position++) {
                assertMatches("the step at position " + position, cpuLastRow(weights, tokens, position + 1),
                        ModelPass.logits(run, new int[] {tokens[position]}, position, 0), WHOLE_MODEL);
            }
        }
        if (!fast()) {   // TF32 logits may break a near tie differently; fp32 ones agree to 1e-3
            Sampler.Config greedy = Sampler.Config.greedyDecoding();
            assertArrayEquals(new ReferenceLanguageModel(cpu).generate(weights, new int[] {1, 2}, 20, greedy, 3),
                    new ReferenceLanguageModel(backend()).generate(weights, new int[] {1, 2}, 20, greedy, 3),
                    "greedy tokens (the window slides after 12)");
        }
    }

    private Tensor cpuLastRow(LanguageModel.Weights weights, int[] tokens, int length) {
        return new ReferenceLanguageModel(cpu).forward(weights, java.util.Arrays.copyOf(tokens, length))
                .rows(length - 1, length).copy();
    }

    @Test
    @DisplayName("a batch of sequences in one device forward equals each sequence's CPU forward")
    void batchForward() {
        SplittableRandom random = new SplittableRandom(7);
        LanguageModel.Config config = new LanguageModel.Config(50, 16, 16, 2, 2, LanguageModel.Positional.ROPE);
        LanguageModel.Weights weights = modelWeights(random, config);
        int[][] batch = {randomIds(random, 10, 50), randomIds(random, 10, 50), randomIds(random, 10, 50)};
        DeviceOps ops = backend().ops();
        float[] logits = ops.inArena(arena -> {
            DeviceWeights onDevice = DeviceWeights.upload(weights, ops, arena);
            return ops.download(CudaForward.logits(ops, onDevice, batch, arena), 3 * 10 * 50);
        });
        for (int b = 0; b < batch.length; b++) {
            Tensor expected = new ReferenceLanguageModel(cpu).forward(weights, batch[b]);
            float[] mine = java.util.Arrays.copyOfRange(logits, b * 500, (b + 1) * 500);
            assertMatches("sequence " + b + " of the batch", expected, Tensor.of(mine, 10, 50), WHOLE_MODEL);
        }
    }

    @Test
    @DisplayName("a token id outside the vocabulary is rejected as on the CPU")
    void badTokenId() {
        LanguageModel.Config config = new LanguageModel.Config(20, 8, 8, 2, 1, LanguageModel.Positional.LEARNED);
        LanguageModel.Weights weights = modelWeights(new SplittableRandom(3), config);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new ReferenceLanguageModel(backend()).forward(weights, new int[] {1, 20}));
        var cpuError = assertThrows(IllegalArgumentException.class,
                () -> new ReferenceLanguageModel(cpu).forward(weights, new int[] {1, 20}));
        assertEquals(cpuError.getMessage(), e.getMessage());
    }
}
