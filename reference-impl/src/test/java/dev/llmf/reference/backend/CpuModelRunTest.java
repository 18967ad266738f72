package dev.llmf.reference.backend;

import static dev.llmf.reference.Fixtures.assertClose;
import static dev.llmf.reference.Fixtures.modelWeights;
import static dev.llmf.reference.Fixtures.randomIds;
import static dev.llmf.reference.Fixtures.toVector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.llmf.contract.Attention;
import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.LanguageModel.Config;
import dev.llmf.contract.LanguageModel.Positional;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TransformerBlock;
import dev.llmf.reference.ReferenceEmbeddings;
import dev.llmf.reference.ReferenceTransformerBlock;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The CPU's fused model run against the contract's pieces composed one operation at a time, and its decoding steps
 * (one token after cached keys and values) against whole forwards. Sizes include widths that are not multiples of
 * the kernel's tiles and panels, more positions than one block of queries, and more rows than one task.
 */
@DisplayName("CpuModelRun")
class CpuModelRunTest {

    private final CpuBackend cpu = new CpuBackend();

    /** The contract's definition of the forward, one backend operation at a time. */
    private Tensor composed(LanguageModel.Weights w, int[] tokens) {
        ReferenceEmbeddings embeddings = new ReferenceEmbeddings(cpu);
        ReferenceTransformerBlock block = new ReferenceTransformerBlock(cpu);
        Config config = w.config();
        Tensor x = embeddings.lookup(w.tokenEmbedding(), tokens);
        x = switch (config.positional()) {
            case LEARNED -> embeddings.addPositions(x, w.positionTable());
            case SINUSOIDAL -> embeddings.addPositions(x, embeddings.sinusoidal(tokens.length, config.dModel()));
            case ROPE -> x;
        };
        Attention.Options options = new Attention.Options(config.heads(), true, config.positional() == Positional.ROPE);
        for (TransformerBlock.Weights layer : w.blocks()) {
            x = block.forward(x, layer, options);
        }
        return cpu.matmul(block.layerNorm(x, w.finalGamma(), w.finalBeta()), w.tokenEmbedding().transpose(0, 1));
    }

    private static Tensor forward(ComputeBackend backend, LanguageModel.Weights w, int[] tokens) {
        try (ModelRun<?> run = backend.openModel(w, tokens.length, false)) {
            return ModelPass.logits(run, tokens, 0, 0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Positional.class)
    @DisplayName("a fused forward gives the logits of the contract's pieces composed one operation at a time")
    void fusedEqualsComposed(Positional positional) {
        SplittableRandom random = new SplittableRandom(positional.ordinal() + 1);
        for (Config config : new Config[] {new Config(61, 9, 12, 3, 1, positional),
            new Config(97, 70, 40, 4, 2, positional), new Config(300, 150, 64, 2, 2, positional)}) {
            LanguageModel.Weights w = modelWeights(random, config);
            int[] tokens = randomIds(random, config.contextLength() - random.nextInt(3), config.vocabSize());
            assertClose(config.toString(), toVector(composed(w, tokens)), forward(cpu, w, tokens).toArray(), 1e-5,
                    1e-5);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Positional.class)
    @DisplayName("each decoding step (one new token after cached keys and values) gives the last row of a whole forward")
    void decodingStepsEqualWholeForwards(Positional positional) {
        SplittableRandom random = new SplittableRandom(positional.ordinal() + 20);
        Config config = new Config(53, 45, 24, 3, 2, positional);
        LanguageModel.Weights w = modelWeights(random, config);
        int[] tokens = randomIds(random, config.contextLength(), config.vocabSize());
        int prompt = 5;
        try (ModelRun<?> run = cpu.openModel(w, config.contextLength(), true)) {
            Tensor first = ModelPass.logits(run, Arrays.copyOf(tokens, prompt), 0, prompt - 1);
            assertEquals(1, first.size(0));
            assertClose("the prompt's last row", toVector(lastRow(w, Arrays.copyOf(tokens, prompt))), first.toArray(),
                    1e-5, 1e-5);
            for (int position = prompt; position < tokens.length; position++) {
                Tensor step = ModelPass.logits(run, new int[] {tokens[position]}, position, 0);
                assertClose("step at position " + position, toVector(lastRow(w, Arrays.copyOf(tokens, position + 1))),
                        step.toArray(), 1e-5, 1e-5);
            }
        }
    }

    private Tensor lastRow(LanguageModel.Weights w, int[] tokens) {
        return forward(cpu, w, tokens).rows(tokens.length - 1, tokens.length);
    }

    @Test
    @DisplayName("buffers left over from a longer run of another model do not change a later run's logits")
    void reusedBuffers() {
        SplittableRandom random = new SplittableRandom(9);
        Config config = new Config(50, 40, 20, 2, 2, Positional.ROPE);
        LanguageModel.Weights small = modelWeights(random, config);
        LanguageModel.Weights other = modelWeights(random, config);
        int[] few = randomIds(random, 6, 50);
        float[] first = forward(cpu, small, few).toArray();
        for (int round = 0; round < 3; round++) {
            forward(cpu, other, randomIds(random, 40, 50));       // fills larger buffers with other numbers
            try (ModelRun<?> a = cpu.openModel(other, 40, false); ModelRun<?> b = cpu.openModel(small, 6, false)) {
                ModelPass.logits(a, randomIds(random, 40, 50), 0, 0);  // two runs open at once: separate buffers
                assertClose("round " + round, toVector(Tensor.of(first, 6, 50)),
                        ModelPass.logits(b, few, 0, 0).toArray(), 1e-6, 1e-6);
            }
        }
    }

    @Test
    @DisplayName("attention without the weights gives the output of attention with them")
    void attentionWithoutWeights() {
        SplittableRandom random = new SplittableRandom(4);
        for (boolean causal : new boolean[] {true, false}) {
            int queries = 75;
            int keys = causal ? queries : 40;
            Tensor q = dev.llmf.reference.Fixtures.uniform(random, -1, 1, queries, 24);
            Tensor k = dev.llmf.reference.Fixtures.uniform(random, -1, 1, keys, 24);
            Tensor v = dev.llmf.reference.Fixtures.uniform(random, -1, 1, keys, 36);
            Attention.Output with = cpu.attention(q, k, v, 3, causal, true);
            Attention.Output without = cpu.attention(q, k, v, 3, causal, false);
            assertEquals(null, without.weights());
            assertClose("causal " + causal, toVector(with.output()), without.output().toArray(), 0, 0);
        }
    }

    @Test
    @DisplayName("a run refuses positions beyond its capacity and weights of the wrong shape, naming them")
    void refusals() {
        Config config = new Config(20, 8, 8, 2, 1, Positional.LEARNED);
        LanguageModel.Weights w = modelWeights(new SplittableRandom(3), config);
        try (ModelRun<?> run = cpu.openModel(w, 4, true)) {
            var e = assertThrows(IllegalArgumentException.class, () -> ModelPass.logits(run, new int[] {1, 2, 3}, 2, 0));
            assertEquals("positions 2..4 are outside this run's 4", e.getMessage());
        }
        TransformerBlock.Weights b = w.blocks().getFirst();
        LanguageModel.Weights bad = new LanguageModel.Weights(config, w.tokenEmbedding(), w.positionTable(),
                java.util.List.of(new TransformerBlock.Weights(b.ln1Gamma(), b.ln1Beta(), b.attention(), b.ln2Gamma(),
                        b.ln2Beta(), b.w1(), Tensor.zeros(32, 7))), w.finalGamma(), w.finalBeta());
        var e = assertThrows(IllegalArgumentException.class, () -> cpu.openModel(bad, 4, false));
        assertEquals("layer 0: w2 must have shape [32, 8] but has shape [32, 7]", e.getMessage());
    }
}
