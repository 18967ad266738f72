package dev.llmf.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("RankedBpe (GPT-2's ranks through the reference merge loop) against jtokkit")
class RankedBpeTest {

    private static RankedBpe gpt2;
    private static Encoding jtokkit;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream ranks = Encoding.class.getResourceAsStream("/com/knuddels/jtokkit/r50k_base.tiktoken")) {
            gpt2 = RankedBpe.readTiktoken(ranks);
        }
        jtokkit = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
    }

    @Test
    @DisplayName("'Hello world' is GPT-2's [15496, 995]; the vocabulary has 50,256 ranks")
    void knownIds() {
        assertArrayEquals(new int[] {15496, 995}, gpt2.encode("Hello world"));
        assertEquals(50_256, gpt2.vocabSize());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "Hello world",
            "I'm sure they've said we'll go, but it's the cat's hat; you'd know. DON'T shout",
            "numbers 12345 and 3.14159, 2024-01-01, 1,000,000",
            "  leading spaces,   runs   of spaces\n\n\ttabs\t\t and trailing   ",
            "naïve café — Größe, 日本語のテキスト, Ελληνικά, emoji 😀👍🏽 done",
            "no-break\u00a0space, line\u2028separator, ideographic\u3000space",
            "code: for (int i = 0; i < n; i++) { sum += a[i] * b[i]; } // ok?!",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            ""
    })
    @DisplayName("same ids as jtokkit's r50k_base, and decode gives the text back")
    void sameIdsAsJtokkit(String text) {
        int[] ours = gpt2.encode(text);
        assertArrayEquals(jtokkit.encodeOrdinary(text).toArray(), ours);
        assertEquals(text, gpt2.decode(ours));
    }

    @Test
    @DisplayName("a table whose token is not a merge of two earlier tokens is rejected, naming the rank")
    void rejectsNonMerge() {
        List<byte[]> ranks = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            ranks.add(new byte[] {(byte) b});
        }
        ranks.add("abc".getBytes(StandardCharsets.US_ASCII));             // needs "ab" or "bc" first
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RankedBpe.fromRanks(ranks));
        assertTrue(e.getMessage().contains("rank 256"), e.getMessage());
    }

    @Test
    @DisplayName("ranks 0-255 must be the single bytes")
    void rejectsMissingBytes() {
        List<byte[]> ranks = new ArrayList<>();
        for (int b = 0; b < 255; b++) {
            ranks.add(new byte[] {(byte) b});
        }
        ranks.add(new byte[] {0});                                          // byte 0 twice, byte 255 never
        assertThrows(IllegalArgumentException.class, () -> RankedBpe.fromRanks(ranks));
    }
}
