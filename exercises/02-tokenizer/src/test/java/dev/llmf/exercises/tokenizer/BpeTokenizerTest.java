package dev.llmf.exercises.tokenizer;

import dev.llmf.contract.Tokenizer;
import dev.llmf.contract.Tokenizer.Merge;
import dev.llmf.exercises.support.NotYetImplemented;
import dev.llmf.exercises.support.Subject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Public tests for exercise 2. Run them with
 * {@code ./mvnw -q test -Dllmf.selfcheck -pl exercises/02-tokenizer -am}; see the README for the worked example.
 */
@ExtendWith(NotYetImplemented.class)
class BpeTokenizerTest {

    private static final String COURSE_CORPUS = "low lower lowest lowly";

    // byte values of the letters used below
    private static final int L = 'l', O = 'o', W = 'w', E = 'e', R = 'r', S = 's', T = 't', Y = 'y', SPACE = ' ';

    private final Tokenizer tokenizer = Subject.of(Tokenizer.class, BpeTokenizer::new);

    @Test
    @DisplayName("an untrained tokenizer knows exactly the 256 bytes and encodes text as its UTF-8 bytes")
    void untrained_knowsOnlyBytes() {
        assertEquals(256, tokenizer.vocabSize(), "before training the vocabulary is the 256 single bytes");
        assertTrue(tokenizer.merges().isEmpty(), "before training there are no merges, but merges() gave "
                + tokenizer.merges());
        assertArrayEquals(new int[] {'h', 'i'}, tokenizer.encode("hi"),
                "with no merges, each byte is its own token: \"hi\" is [104, 105]");
        // the llama emoji is 4 bytes in UTF-8: F0 9F A6 99
        assertArrayEquals(new int[] {0xF0, 0x9F, 0xA6, 0x99}, tokenizer.encode("🦙"),
                "tokens are UTF-8 bytes, not chars or code points: \"🦙\" (U+1F999) is the 4 bytes "
                        + "[240, 159, 166, 153]; got " + Arrays.toString(tokenizer.encode("🦙")));
    }

    @Test
    @DisplayName("training on \"low lower lowest lowly\" learns (l,o)->256, then (256,w)->257, then (257,e)->258")
    void train_courseCorpus_learnsTheThreeWorkedMerges() {
        tokenizer.train(COURSE_CORPUS, 259);

        List<Merge> expected = List.of(new Merge(L, O, 256), new Merge(256, W, 257), new Merge(257, E, 258));
        List<Merge> actual = tokenizer.merges();
        assertNotNull(actual, "merges() returned null");
        assertEquals(expected.getFirst(), actual.isEmpty() ? null : actual.getFirst(),
                "merge 1: (l,o) and (o,w) both occur 4 times; the tie goes to the smaller pair, and (108, 111) < "
                        + "(111, 119). All merges: " + actual);
        assertEquals(expected, actual, "the worked example learns l+o, then lo+w (4 times), then low+e (twice). "
                + "If a pair with the space (32) shows up, the space was not cut into its own chunk");
        assertEquals(259, tokenizer.vocabSize(), "256 bytes + 3 merges = 259 tokens");
    }

    @Test
    @DisplayName("after the three merges, \"lowest\" encodes to [258, 115, 116] and \"lowly\" to [257, 108, 121]")
    void encode_courseWords_useTheLearnedTokens() {
        tokenizer.train(COURSE_CORPUS, 259);

        assertArrayEquals(new int[] {258, S, T}, tokenizer.encode("lowest"),
                "\"lowest\" is lowe + s + t: [258, 115, 116]; got " + Arrays.toString(tokenizer.encode("lowest")));
        assertArrayEquals(new int[] {257, L, Y}, tokenizer.encode("lowly"),
                "\"lowly\" is low + l + y: [257, 108, 121]; got " + Arrays.toString(tokenizer.encode("lowly")));
        assertArrayEquals(new int[] {257}, tokenizer.encode("low"), "\"low\" is the single token 257");
        assertArrayEquals(new int[] {S, 257}, tokenizer.encode("slow"),
                "merges also apply to words that were not in the corpus: \"slow\" is s + low = [115, 257]; got "
                        + Arrays.toString(tokenizer.encode("slow")));
    }

    @Test
    @DisplayName("the space between words is its own chunk: \"low lower\" encodes to [257, 32, 258, 114]")
    void encode_spaceIsItsOwnChunk() {
        tokenizer.train(COURSE_CORPUS, 259);

        int[] ids = tokenizer.encode("low lower");

        assertArrayEquals(new int[] {257, SPACE, 258, R}, ids,
                "chunks are \"low\", \" \", \"lower\" and each is encoded on its own; got " + Arrays.toString(ids)
                        + ". Did you cut the text with Tokenizer.CHUNK_PATTERN and keep every chunk, spaces too?");
    }

    @Test
    @DisplayName("encoding applies the earliest-learned merge first, not simply the leftmost pair")
    void encode_appliesMergesInTheOrderLearned() {
        // (b,c) occurs 3 times and is learned first (256); (a,b) occurs twice and is learned second (257)
        tokenizer.train("bc bc bc ab ab", 258);
        assertEquals(List.of(new Merge('b', 'c', 256), new Merge('a', 'b', 257)), tokenizer.merges(),
                "training on \"bc bc bc ab ab\" should learn b+c (3 times) before a+b (twice)");

        int[] ids = tokenizer.encode("abc");

        // the test's own check that its data tells the rule apart from the leftmost-pair-first mistake
        assertArrayEquals(new int[] {257, 'c'}, leftmostPairFirst("abc", tokenizer.merges()),
                "test data check: the leftmost-pair-first order must give another answer on this corpus");
        assertArrayEquals(new int[] {'a', 256}, ids,
                "in \"abc\" both (a,b) and (b,c) are known; (b,c) was learned first, so it wins: [97, 256]. Got "
                        + Arrays.toString(ids) + " — merging left to right gives [257, 99], which is not BPE");
    }

    /** The mistake the test above is about: always merge the leftmost pair that has a merge. */
    private static int[] leftmostPairFirst(String chunk, List<Merge> merges) {
        List<Integer> ids = new java.util.ArrayList<>();
        for (byte b : chunk.getBytes(StandardCharsets.UTF_8)) {
            ids.add(b & 0xFF);
        }
        boolean merged = true;
        while (merged) {
            merged = false;
            for (int i = 0; i + 1 < ids.size() && !merged; i++) {
                for (Merge m : merges) {
                    if (m.left() == ids.get(i) && m.right() == ids.get(i + 1)) {
                        ids.set(i, m.token());
                        ids.remove(i + 1);
                        merged = true;
                        break;
                    }
                }
            }
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    @DisplayName("overlapping pairs all count, and a merge never reuses a token it just merged")
    void train_overlappingPairs_countedAndReplacedLeftToRight() {
        // "aaa" holds (a,a) twice, so it ties with (b,c) (twice) and wins as the smaller pair
        tokenizer.train("aaa bc bc", 257);
        // counted once, (a,a) would lose to (b,c) (twice): the corpus tells the two counts apart
        assertEquals(List.of(new Merge('a', 'a', 256)), tokenizer.merges(),
                "\"aaa\" contains the pair (a,a) twice (positions 0-1 and 1-2); counted that way it ties with "
                        + "(b,c) and the smaller pair (97, 97) wins");

        assertArrayEquals(new int[] {256, 'a'}, tokenizer.encode("aaa"),
                "\"aaa\" merges left to right into [aa, a] = [256, 97]; got "
                        + Arrays.toString(tokenizer.encode("aaa")));
        assertArrayEquals(new int[] {256, 256}, tokenizer.encode("aaaa"),
                "\"aaaa\" becomes [aa, aa] = [256, 256]; got " + Arrays.toString(tokenizer.encode("aaaa")));
    }

    @Test
    @DisplayName("tokenBytes returns a copy: writing into it changes neither the tokenizer nor a later decode")
    void tokenBytes_returnsACopy() {
        tokenizer.train(COURSE_CORPUS, 259);

        byte[] lowe = tokenizer.tokenBytes(258);
        Arrays.fill(lowe, (byte) 'x');

        assertArrayEquals("lowe".getBytes(StandardCharsets.UTF_8), tokenizer.tokenBytes(258),
                "writing into the array tokenBytes(258) returned changed the tokenizer: return bytes.clone(), "
                        + "not the tokenizer's own array");
        assertEquals("lowe", tokenizer.decode(new int[] {258}), "decode([258]) after writing into a copy of its bytes");
    }

    @Test
    @DisplayName("chunks follow CHUNK_PATTERN exactly: U+3000 is a symbol, not whitespace, and ½ is a digit")
    void chunks_followThePatternNotCharacterMethods() {
        // \s in CHUNK_PATTERN is ASCII whitespace only, and \p{N} holds every number character; Character's
        // isWhitespace(U+3000) is true and isDigit('½') false, so chunks cut with them differ on this corpus
        tokenizer.train("2½ 2½ 2½ \u3000x \u3000x", 260);

        // chunks: "2½" (bytes 32 C2 BD) three times, " ", "\u3000" (bytes E3 80 80) twice, "x": first 2+C2 and
        // 2C2+BD (3 times each), then 80+80 and E3+(80 80) (twice each, the smaller pair first)
        assertEquals(List.of(new Merge('2', 0xC2, 256), new Merge(256, 0xBD, 257), new Merge(0x80, 0x80, 258),
                        new Merge(0xE3, 258, 259)), tokenizer.merges(),
                "\"2½\" is one run of \\p{N} (½ counts as a number) and \"\u3000\" is a run of its own (it is not "
                        + "ASCII whitespace, so \\s does not take it): cut the text with "
                        + "Pattern.compile(Tokenizer.CHUNK_PATTERN), not with Character.isDigit/isWhitespace");
    }

    @Test
    @DisplayName("tokenBytes gives a merged token's bytes and rejects ids outside the vocabulary")
    void tokenBytes_afterTraining() {
        tokenizer.train(COURSE_CORPUS, 259);

        assertArrayEquals("lowe".getBytes(StandardCharsets.UTF_8), tokenizer.tokenBytes(258),
                "token 258 is 257 (\"low\") followed by 'e': the bytes of \"lowe\"");
        assertArrayEquals(new byte[] {(byte) 0xE9}, tokenizer.tokenBytes(0xE9),
                "ids below 256 stand for one byte each: token 233 is the single byte 0xE9");
        assertThrows(IllegalArgumentException.class, () -> tokenizer.tokenBytes(259),
                "with 3 merges the ids are 0..258, so tokenBytes(259) should throw IllegalArgumentException");
        assertThrows(IllegalArgumentException.class, () -> tokenizer.tokenBytes(-1),
                "tokenBytes(-1) should throw IllegalArgumentException");
    }

    @Test
    @DisplayName("decode(encode(s)) gives back s for plain ASCII, accents, an emoji, tabs and newlines")
    void roundTrip_returnsTheSameText() {
        tokenizer.train(COURSE_CORPUS + " café naïve façade, 2024 🦙🦙 llamas!", 290);
        String[] samples = {
            COURSE_CORPUS,
            "Hello, world! 1234 + 5678 = 6912",
            "café naïve façade — déjà vu",
            "a llama 🦙 and a laughing face 😂",
            "  two  spaces,\ttabs\nand newlines\n",
        };
        for (String s : samples) {
            int[] ids = tokenizer.encode(s);
            String back = tokenizer.decode(ids);
            assertEquals(s, back, "decode(encode(\"" + s + "\")) came back different; ids were "
                    + Arrays.toString(ids) + ". Encode each chunk's UTF-8 bytes (not chars), keep every chunk, "
                    + "and decode all the bytes at once with new String(bytes, UTF_8)");
        }
    }

    @Test
    @DisplayName("the empty string encodes to an empty array and an empty array decodes to \"\"")
    void encode_emptyString_returnsNoIds() {
        int[] untrained = tokenizer.encode("");
        assertNotNull(untrained, "encode(\"\") returned null; it should return new int[0]");
        assertEquals(0, untrained.length, "encode(\"\") should give no ids but gave " + Arrays.toString(untrained));

        tokenizer.train(COURSE_CORPUS, 259);
        assertArrayEquals(new int[0], tokenizer.encode(""), "encode(\"\") after training should give no ids either");
        assertEquals("", tokenizer.decode(new int[0]), "decode of no ids is the empty string");
    }

    @Test
    @DisplayName("decode rejects an unknown or negative id with a message that names it")
    void decode_unknownId_throwsNamingIt() {
        tokenizer.train(COURSE_CORPUS, 259);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tokenizer.decode(new int[] {257, 259}),
                "id 259 is not in the 259-token vocabulary (ids 0..258): decode should throw IllegalArgumentException");
        assertTrue(String.valueOf(e.getMessage()).contains("259"),
                "the message should name the bad id 259 so the caller can find it; it was: " + e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> tokenizer.decode(new int[] {-1}),
                "negative ids are never valid: decode should throw IllegalArgumentException");
    }

    @Test
    @DisplayName("training needs vocabSize >= 256, stops when no pair is left, and replaces what was learned before")
    void train_vocabSizeRulesAndRetraining() {
        assertThrows(IllegalArgumentException.class, () -> tokenizer.train(COURSE_CORPUS, 255),
                "vocabSize 255 is smaller than the 256 single bytes: train should throw IllegalArgumentException");

        tokenizer.train(COURSE_CORPUS, 259);
        tokenizer.train("ab", 1000);

        assertEquals(List.of(new Merge('a', 'b', 256)), tokenizer.merges(),
                "training on \"ab\" has one pair to merge and then none left, so it stops after 1 merge; the earlier "
                        + "merges from the first train(...) call must be forgotten");
        assertEquals(257, tokenizer.vocabSize(), "256 bytes + 1 merge = 257, even though 1000 was asked for");
    }
}
