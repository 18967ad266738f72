package dev.llmf.reference.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The weights file: what is written comes back, and a damaged or replaced file is refused with the reason. */
@DisplayName("WeightsFile: round trip and SHA-256 check")
class WeightsFileTest {

    private static final List<Tokenizer.Merge> MERGES = List.of(new Tokenizer.Merge(104, 101, 256),
            new Tokenizer.Merge(256, 108, 257));

    @ParameterizedTest
    @EnumSource(LanguageModel.Positional.class)
    @DisplayName("every weight and merge comes back bit for bit; a flipped bit or a wrong size is refused")
    void roundTripAndDamage(LanguageModel.Positional positional, @TempDir Path folder) throws IOException {
        LanguageModel.Config config = new LanguageModel.Config(260, 6, 8, 2, 2, positional);
        LanguageModel.Weights weights = LanguageModel.Weights.random(config, 5);
        Path file = folder.resolve("m.bin");
        WeightsFile.write(file, weights, MERGES);
        WeightsFile.Model back = WeightsFile.read(file);
        ParameterLayout layout = new ParameterLayout(config);
        assertArrayEquals(layout.flatten(weights), layout.flatten(back.weights()));
        assertEquals(MERGES, back.merges());
        assertEquals(List.of(257), java.util.Arrays.stream(back.tokenizer().encode("hel")).boxed().toList());
        assertEquals(Files.size(file), 8 + 6 * 4 + 4 + 8L * MERGES.size() + 4 + 4L * layout.size());

        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 3] ^= 1;
        Files.write(file, bytes);
        IOException damaged = assertThrows(IOException.class, () -> WeightsFile.read(file));
        assertTrue(damaged.getMessage().contains("damaged or was replaced") && damaged.getMessage().contains("SHA-256"),
                damaged.getMessage());

        Files.delete(WeightsFile.checksumFile(file));
        IOException missing = assertThrows(IOException.class, () -> WeightsFile.read(file));
        assertTrue(missing.getMessage().contains(".sha256"), missing.getMessage());

        Files.write(file, new byte[] {'L', 'L', 'M', 'F'});
        Files.writeString(WeightsFile.checksumFile(file), TrainingCorpus.sha256(new byte[] {'L', 'L', 'M', 'F'}));
        IOException foreign = assertThrows(IOException.class, () -> WeightsFile.read(file));
        assertTrue(foreign.getMessage().contains("not a mini-GPT weights file"), foreign.getMessage());
    }
}
