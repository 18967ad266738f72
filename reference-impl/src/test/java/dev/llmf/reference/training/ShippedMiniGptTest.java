package dev.llmf.reference.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.llmf.contract.LanguageModel;
import dev.llmf.reference.ReferenceLanguageModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** The shipped mini-GPT: it loads through the contract, generates the committed sample, and beats the bigram. */
@DisplayName("The shipped mini-GPT")
class ShippedMiniGptTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = ShippedMiniGpt.class.getResourceAsStream(
                ShippedMiniGpt.RESOURCE.replace(TrainingRun.WEIGHTS, name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The validation cross-entropy the training log reports for the last step. */
    private static double loggedValidationLoss() throws IOException {
        Matcher m = Pattern.compile("validation cross-entropy ([0-9.]+) nats/token").matcher(resource("training.log"));
        assertTrue(m.find(), "training.log states the validation cross-entropy");
        return Double.parseDouble(m.group(1));
    }

    @Test
    @DisplayName("its weights load (checksum checked) into the reference, which generates the committed sample")
    void generatesTheCommittedSample() throws IOException {
        WeightsFile.Model model = ShippedMiniGpt.load();
        assertEquals(TrainingSettings.shipped().model(), model.weights().config());
        LanguageModel reference = new ReferenceLanguageModel();
        String sample = ShippedMiniGpt.sample(reference, model);
        assertEquals(resource("sample.txt").strip(), sample.strip());
        assertTrue(sample.length() > ShippedMiniGpt.PROMPT.length() + ShippedMiniGpt.NEW_TOKENS, sample);
        long wordLike = sample.chars().filter(c -> Character.isLetter(c) || c == ' ').count();
        assertTrue(wordLike > 0.85 * sample.length(), "text, not noise: " + sample);
    }

    @Test
    @DisplayName("it is small: under 400 KB")
    void isSmall() throws IOException {
        try (InputStream in = ShippedMiniGpt.class.getResourceAsStream(ShippedMiniGpt.RESOURCE)) {
            assertTrue(in.readAllBytes().length < 400_000);
        }
    }

    @Test
    @DisplayName("its validation cross-entropy, measured again on the licence texts, is the logged one and beats the bigram")
    void beatsTheBigramBaseline() throws IOException {
        assumeTrue(Files.isDirectory(TrainingCorpus.DEFAULT), "skipped: " + TrainingCorpus.DEFAULT + " is missing");
        TrainingSettings settings = TrainingSettings.shipped();
        TrainingCorpus corpus = TrainingCorpus.load(List.of(TrainingCorpus.DEFAULT), settings.model().vocabSize());
        WeightsFile.Model model = ShippedMiniGpt.load();
        assumeTrue(corpus.merges().equals(model.merges()), "skipped: this system's licence texts differ from the"
                + " ones the model was trained on (another tokenizer comes out)");
        var validation = Batches.validation(corpus.validation(), settings.model().contextLength());
        ModelGradients gradients = new ModelGradients(settings.model());
        double loss = gradients.loss(gradients.layout().flatten(model.weights()), validation);
        double bigram = new BigramBaseline(corpus.train(), settings.model().vocabSize()).crossEntropy(validation);
        System.out.printf(Locale.ROOT, "shipped model: validation cross-entropy %.4f, bigram baseline %.4f%n", loss,
                bigram);
        assertEquals(loggedValidationLoss(), loss, 1e-3, "float32 weights vs the double ones the log measured");
        assertTrue(loss < bigram - 0.1, "model " + loss + " vs bigram " + bigram);
    }

    @Test
    @EnabledIfSystemProperty(named = "llmf.slow", matches = "true",
            disabledReason = "slow (minutes): run with -Dllmf.slow=true")
    @DisplayName("re-running the command from the same seed reproduces the shipped validation loss within 2%")
    void trainingReproducesTheShippedLoss(@TempDir Path folder) throws IOException {
        assumeTrue(Files.isDirectory(TrainingCorpus.DEFAULT), "skipped: " + TrainingCorpus.DEFAULT + " is missing");
        TrainingRun.Result result = TrainCommand.run(new String[] {"--out", folder.toString()});
        double shipped = loggedValidationLoss();
        System.out.printf(Locale.ROOT, "re-trained validation cross-entropy %.6f, shipped %.6f%n",
                result.validationLoss(), shipped);
        assertEquals(shipped, result.validationLoss(), 0.02 * shipped);
    }
}
