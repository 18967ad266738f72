package dev.llmf.reference.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training command's loop: resuming exactly from a checkpoint, its checks, and the files a run leaves. */
@DisplayName("TrainingRun: checkpoints, exact resume, outputs")
class TrainingRunTest {

    /** A tiny run: 8-token windows, d = 8, one layer, 12 steps. */
    private static final TrainingSettings TINY = TrainingSettings.shipped().with(Map.of("vocab", "280",
            "context", "8", "d", "8", "heads", "2", "layers", "1", "batch", "4", "steps", "12", "warmup", "2",
            "eval-every", "4", "checkpoint-every", "5")).with(Map.of("lr", "0.02"));

    @TempDir
    static Path shared;

    private static TrainingCorpus corpus;

    @BeforeAll
    static void corpus() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            text.append("The cat sat on mat number ").append(i % 17).append(". A dog ran to the ")
                    .append(i % 3 == 0 ? "park" : "river").append(".\n");
        }
        Path file = shared.resolve("corpus.txt");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        corpus = TrainingCorpus.load(List.of(file), TINY.model().vocabSize());
    }

    private static TrainingRun trainer(Path folder, TrainingSettings settings) {
        return new TrainingRun(settings, corpus, folder, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("a run stopped after step 7 and started again ends with the uninterrupted run's bits and log")
    void resumeContinuesTheSameRun(@TempDir Path straight, @TempDir Path interrupted) throws IOException {
        TrainingRun.Result whole = trainer(straight, TINY).run();
        assertNull(trainer(interrupted, TINY).stopAfter(7).run());
        assertEquals(7, Checkpoint.load(interrupted.resolve(TrainingRun.CHECKPOINT)).step());
        // a write killed half-way leaves a partial temporary file: it must not matter
        Files.write(interrupted.resolve(TrainingRun.CHECKPOINT + ".tmp"), new byte[] {1, 2, 3});
        TrainingRun.Result resumed = trainer(interrupted, TINY).run();
        assertArrayEquals(whole.params(), resumed.params());
        assertEquals(whole.log().entries(), resumed.log().entries());
        assertEquals(Files.readString(straight.resolve("training-log.tsv")),
                Files.readString(interrupted.resolve("training-log.tsv")));
        assertArrayEquals(Files.readAllBytes(straight.resolve(TrainingRun.WEIGHTS)),
                Files.readAllBytes(interrupted.resolve(TrainingRun.WEIGHTS)));
    }

    @Test
    @DisplayName("the loss falls, the schedule warms up and decays, and validation is measured every 4 steps and last")
    void trainingLearns(@TempDir Path folder) throws IOException {
        TrainingRun.Result result = trainer(folder, TINY).run();
        List<TrainingLog.Entry> log = result.log().entries();
        assertEquals(12, log.size());
        assertTrue(log.getLast().loss() < log.getFirst().loss() - 1, "loss " + log.getFirst().loss() + " → "
                + log.getLast().loss());
        assertEquals(TINY.maxLearningRate() / 2, log.getFirst().learningRate(), 1e-15);
        assertEquals(TINY.maxLearningRate(), log.get(2).learningRate(), 1e-15);
        assertTrue(log.getLast().learningRate() < log.get(6).learningRate());
        assertEquals(List.of(3, 7, 11), log.stream().filter(TrainingLog.Entry::validated)
                .map(TrainingLog.Entry::step).toList());
        assertEquals(result.validationLoss(), log.getLast().validationLoss());
    }

    @Test
    @DisplayName("a run leaves weights that load back, the log as TSV and a loss curve that is well-formed SVG")
    void outputs(@TempDir Path folder) throws Exception {
        TrainingRun.Result result = trainer(folder, TINY).run();
        WeightsFile.Model model = WeightsFile.read(folder.resolve(TrainingRun.WEIGHTS));
        assertEquals(TINY.model(), model.weights().config());
        assertEquals(corpus.merges(), model.merges());
        assertArrayEquals(result.weights().tokenEmbedding().toArray(), model.weights().tokenEmbedding().toArray());
        assertEquals(13, Files.readAllLines(folder.resolve("training-log.tsv")).size());
        var svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(folder.resolve("loss-curve.svg").toFile());
        assertEquals("svg", svg.getDocumentElement().getNodeName());
        assertEquals(2, svg.getElementsByTagName("polyline").getLength());
        assertTrue(Files.readString(folder.resolve("training.log")).contains("bigram baseline"));
    }

    @Test
    @DisplayName("a checkpoint of other settings, or cut short, is refused with a sentence that says why")
    void badCheckpointsAreRefused(@TempDir Path folder) throws IOException {
        trainer(folder, TINY).stopAfter(5).run();
        TrainingSettings other = TINY.with(Map.of("seed", "7"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer(folder, other).run());
        assertTrue(e.getMessage().contains("belongs to another run"), e.getMessage());
        Path file = folder.resolve(TrainingRun.CHECKPOINT);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));
        IOException cut = assertThrows(IOException.class, () -> trainer(folder, TINY).run());
        assertTrue(cut.getMessage().contains("cut short"), cut.getMessage());
        Files.writeString(file, "hello");
        IOException foreign = assertThrows(IOException.class, () -> trainer(folder, TINY).run());
        assertTrue(foreign.getMessage().contains("is not a training checkpoint"), foreign.getMessage());
    }

    @Test
    @DisplayName("the split is every 10th block of 512 tokens, and a step's batch depends only on seed and step")
    void splitAndBatchesAreDeterministic() {
        int[] train = corpus.train();
        int[] validation = corpus.validation();
        int[] all = corpus.tokenizer().encode(corpus.text());
        assertEquals(all.length, train.length + validation.length);
        assertArrayEquals(java.util.Arrays.copyOfRange(all, 9 * 512, 10 * 512),
                java.util.Arrays.copyOfRange(validation, 0, 512));
        var a = Batches.training(train, 8, 4, 42, 3);
        var b = Batches.training(train, 8, 4, 42, 3);
        var c = Batches.training(train, 8, 4, 42, 4);
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(a.get(i).ids(), b.get(i).ids());
            assertArrayEquals(java.util.Arrays.copyOfRange(a.get(i).ids(), 1, 8),
                    java.util.Arrays.copyOfRange(a.get(i).targets(), 0, 7));
        }
        assertTrue(java.util.stream.IntStream.range(0, 4)
                .anyMatch(i -> !java.util.Arrays.equals(a.get(i).ids(), c.get(i).ids())));
    }
}
