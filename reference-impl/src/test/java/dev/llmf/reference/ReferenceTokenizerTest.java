package dev.llmf.reference;

import static dev.llmf.reference.Fixtures.assertMentions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmf.contract.Tokenizer;
import dev.llmf.contract.Tokenizer.Merge;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ReferenceTokenizer")
class ReferenceTokenizerTest {

    private static final String COURSE_CORPUS = "low lower lowest lowly";

    private static Tokenizer trained(String corpus, int vocabSize) {
        Tokenizer tokenizer = new ReferenceTokenizer();
        tokenizer.train(corpus, vocabSize);
        return tokenizer;
    }

    private static int[] utf8(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = bytes[i] & 0xFF;
        }
        return ids;
    }

    // ---- the course example ----

    @Test
    @DisplayName("the course corpus 'low lower lowest lowly' learns l+o→256, 256+w→257, 257+e→258")
    void courseMerges() {
        Tokenizer tokenizer = trained(COURSE_CORPUS, 259);
        assertEquals(List.of(new Merge('l', 'o', 256), new Merge(256, 'w', 257), new Merge(257, 'e', 258)),
                tokenizer.merges());
        assertEquals(259, tokenizer.vocabSize());
        assertArrayEquals("lowe".getBytes(StandardCharsets.US_ASCII), tokenizer.tokenBytes(258));
        assertArrayEquals("lo".getBytes(StandardCharsets.US_ASCII), tokenizer.tokenBytes(256));
    }

    @Test
    @DisplayName("with the course merges 'lowest'→[258,115,116], 'lowly'→[257,108,121], 'low'→[257]")
    void courseEncodings() {
        // The course's character-level IDs [11,5,6], [10,0,7], [10] are the same tokens numbered byte-level.
        Tokenizer tokenizer = trained(COURSE_CORPUS, 259);
        assertArrayEquals(new int[] {258, 115, 116}, tokenizer.encode("lowest"));
        assertArrayEquals(new int[] {257, 108, 121}, tokenizer.encode("lowly"));
        assertArrayEquals(new int[] {257}, tokenizer.encode("low"));
        assertArrayEquals(new int[] {257, 32, 258, 114}, tokenizer.encode("low lower"));
        assertEquals("lowest", tokenizer.decode(new int[] {258, 115, 116}));
    }

    // ---- training rules ----

    @Test
    @DisplayName("a frequency tie goes to the smallest pair (left id first), not the pair seen first")
    void tieGoesToSmallestPair() {
        // "ba" comes first in the text, but (a,b) = (97,98) is smaller than (b,a) = (98,97).
        assertEquals(List.of(new Merge('a', 'b', 256)), trained("ba ab", 257).merges());
        // Equal left ids: the right id decides.
        assertEquals(List.of(new Merge('a', 'b', 256)), trained("ac ab", 257).merges());
    }

    @Test
    @DisplayName("overlapping pairs all count: 'ccc' holds (c,c) twice and beats a single (a,b)")
    void overlappingPairsCount() {
        assertEquals(new Merge('c', 'c', 256), trained("ccc ab", 257).merges().get(0));
    }

    @Test
    @DisplayName("merging scans left to right without reusing a token: 'aaa' becomes [aa, a]")
    void mergeLeftToRight() {
        assertEquals(List.of(new Merge('a', 'a', 256), new Merge(256, 'a', 257)), trained("aaa", 258).merges());
        Tokenizer four = trained("aaaa", 258);   // aaaa → [aa, aa] → [aaaa]
        assertEquals(List.of(new Merge('a', 'a', 256), new Merge(256, 256, 257)), four.merges());
        assertArrayEquals(new int[] {257, 'a'}, four.encode("aaaaa"));
        assertArrayEquals(new int[] {256, 'a'}, four.encode("aaa"));
    }

    @Test
    @DisplayName("merges never cross chunk boundaries, and training stops when no pair is left")
    void chunksAreRespectedAndTrainingStops() {
        Tokenizer tokenizer = trained("ab ab ab", 1000);
        // The only pairs are inside the chunk "ab"; the spaces are chunks of their own.
        assertEquals(List.of(new Merge('a', 'b', 256)), tokenizer.merges());
        assertEquals(257, tokenizer.vocabSize());
        // Letters, digits, symbols and spaces are separate chunks: nothing to merge across them.
        Tokenizer mixed = trained("a1!a1!a1!", 1000);
        assertEquals(List.of(), mixed.merges());
        assertEquals(256, mixed.vocabSize());
    }

    @Test
    @DisplayName("encoding applies the earliest-learned merge first, not the leftmost pair")
    void encodeUsesMergeOrder() {
        Tokenizer tokenizer = trained("bc bc bc ab ab", 258);
        assertEquals(List.of(new Merge('b', 'c', 256), new Merge('a', 'b', 257)), tokenizer.merges());
        assertArrayEquals(new int[] {'a', 256}, tokenizer.encode("abc"));
        assertArrayEquals(new int[] {257, 257}, tokenizer.encode("abab"));
    }

    @Test
    @DisplayName("training with vocabSize 256 learns nothing, and training again replaces earlier merges")
    void retrainReplaces() {
        assertEquals(List.of(), trained(COURSE_CORPUS, 256).merges());
        Tokenizer tokenizer = trained(COURSE_CORPUS, 259);
        tokenizer.train("ccc ab", 257);
        assertEquals(List.of(new Merge('c', 'c', 256)), tokenizer.merges());
        assertEquals(257, tokenizer.vocabSize());
        assertArrayEquals(new int[] {'l', 'o', 'w'}, tokenizer.encode("low"));
    }

    @Test
    @DisplayName("an untrained tokenizer has 256 tokens and encodes text as its UTF-8 bytes")
    void untrained() {
        Tokenizer tokenizer = new ReferenceTokenizer();
        assertEquals(256, tokenizer.vocabSize());
        assertEquals(List.of(), tokenizer.merges());
        assertArrayEquals(new int[] {'h', 0xC3, 0xA9, ' ', 0xF0, 0x9F, 0x98, 0x80}, tokenizer.encode("hé 😀"));
        assertArrayEquals(new int[0], tokenizer.encode(""));
        assertArrayEquals(new byte[] {(byte) 200}, tokenizer.tokenBytes(200));
    }

    @Test
    @DisplayName("decoding a cut UTF-8 character gives U+FFFD, a whole one gives the character")
    void decodeInvalidUtf8() {
        Tokenizer tokenizer = new ReferenceTokenizer();
        assertEquals("\uFFFD", tokenizer.decode(new int[] {0xC3}));
        assertEquals("é", tokenizer.decode(new int[] {0xC3, 0xA9}));
        assertEquals("", tokenizer.decode(new int[0]));
    }

    // ---- properties (seeded) ----

    @Test
    @DisplayName("decode(encode(s)) == s for random strings of ASCII, Latin-1, CJK and emoji, trained and untrained")
    void roundTrip() {
        Tokenizer trained = trained(mixedCorpus(new SplittableRandom(7), 3000), 256 + 300);
        Tokenizer untrained = new ReferenceTokenizer();
        for (int seed = 0; seed < 50; seed++) {
            String s = randomString(new SplittableRandom(seed), 1 + seed * 3);
            for (Tokenizer tokenizer : List.of(trained, untrained)) {
                int[] ids = tokenizer.encode(s);
                assertEquals(s, tokenizer.decode(ids), "seed " + seed);
                for (int id : ids) {
                    assertTrue(id >= 0 && id < tokenizer.vocabSize(),
                            "seed " + seed + ": id " + id + " outside [0, " + tokenizer.vocabSize() + ")");
                }
                // The tokens' bytes, put together, are exactly the UTF-8 bytes of s.
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                for (int id : ids) {
                    bytes.writeBytes(tokenizer.tokenBytes(id));
                }
                assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), bytes.toByteArray(), "seed " + seed);
            }
        }
    }

    @Test
    @DisplayName("encoding a text equals encoding its chunks one by one and joining the ids (20 seeds)")
    void encodeIsPerChunk() {
        Tokenizer tokenizer = trained(mixedCorpus(new SplittableRandom(8), 3000), 256 + 200);
        Pattern chunk = Pattern.compile(Tokenizer.CHUNK_PATTERN);
        for (int seed = 0; seed < 20; seed++) {
            String s = mixedCorpus(new SplittableRandom(500 + seed), 200);
            List<Integer> joined = new ArrayList<>();
            Matcher m = chunk.matcher(s);
            while (m.find()) {
                for (int id : tokenizer.encode(m.group())) {
                    joined.add(id);
                }
            }
            assertArrayEquals(joined.stream().mapToInt(Integer::intValue).toArray(), tokenizer.encode(s),
                    "seed " + seed);
        }
    }

    @Test
    @DisplayName("training is deterministic: two tokenizers trained on the same corpus learn the same merges")
    void trainingDeterministic() {
        for (int seed = 0; seed < 5; seed++) {
            String corpus = mixedCorpus(new SplittableRandom(seed), 1500);
            assertEquals(trained(corpus, 400).merges(), trained(corpus, 400).merges(), "seed " + seed);
        }
    }

    @Test
    @DisplayName("merges and encodings agree with a naive Java BPE written from the contract (5 corpora)")
    void agreesWithNaiveBpe() {
        for (int seed = 0; seed < 5; seed++) {
            String corpus = mixedCorpus(new SplittableRandom(100 + seed), 2500);
            int vocab = 256 + 120;
            Tokenizer tokenizer = trained(corpus, vocab);
            List<Merge> expected = NaiveBpe.train(corpus, vocab);
            assertEquals(expected, tokenizer.merges(), "seed " + seed);
            for (int i = 0; i < 10; i++) {
                String text = mixedCorpus(new SplittableRandom(seed * 100 + i), 120);
                assertArrayEquals(NaiveBpe.encode(expected, text), tokenizer.encode(text),
                        "seed " + seed + " text " + i + ": " + text);
            }
        }
    }

    // ---- errors ----

    @Test
    @DisplayName("train with vocabSize < 256 throws IllegalArgumentException")
    void vocabTooSmall() {
        assertThrows(IllegalArgumentException.class, () -> new ReferenceTokenizer().train("abc", 255));
        assertThrows(IllegalArgumentException.class, () -> new ReferenceTokenizer().train("abc", 0));
    }

    @Test
    @DisplayName("decode and tokenBytes reject negative ids and ids outside the vocabulary, naming the id")
    void badIds() {
        Tokenizer tokenizer = trained(COURSE_CORPUS, 259);
        assertMentions(assertThrows(IllegalArgumentException.class, () -> tokenizer.decode(new int[] {97, 259})),
                "259");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> tokenizer.decode(new int[] {-3})), "-3");
        assertThrows(IllegalArgumentException.class, () -> tokenizer.tokenBytes(259));
        assertThrows(IllegalArgumentException.class, () -> tokenizer.tokenBytes(-1));
        assertThrows(IllegalArgumentException.class, () -> new ReferenceTokenizer().decode(new int[] {256}));
    }

    // ---- generators ----

    /** A random string of {@code length} code points from several Unicode ranges (never a lone surrogate). */
    static String randomString(SplittableRandom random, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int cp = switch (random.nextInt(7)) {
                case 0, 1 -> random.nextInt(0x20, 0x7F);                       // printable ASCII
                case 2 -> " \t\n\r".charAt(random.nextInt(4));                  // whitespace
                case 3 -> random.nextInt(0xA0, 0x100);                          // Latin-1
                case 4 -> random.nextInt(0x4E00, 0xA000);                       // CJK
                case 5 -> random.nextInt(0x1F300, 0x1FB00);                     // emoji, supplementary plane
                default -> {
                    int any = random.nextInt(0x110000 - 0x800);                 // anything but surrogates
                    yield any < 0xD800 ? any : any + 0x800;
                }
            };
            s.appendCodePoint(cp);
        }
        return s.toString();
    }

    private static final String[] SYLLABLES = {"lo", "w", "er", "est", "ly", "the", "an", "in", "ing", "ed", "s",
        "t", "re", "on", "at", "café", "über", "naïve", "straße", "日本", "語", "😀", "🚀", "42", "2024", "3.14", "!",
        "--", "?", "\"", "(x)"};

    /** Word-like text: repeated syllables (so merges are learned), digits, symbols, spaces and newlines. */
    static String mixedCorpus(SplittableRandom random, int approxChars) {
        StringBuilder s = new StringBuilder();
        while (s.length() < approxChars) {
            int parts = 1 + random.nextInt(3);
            for (int p = 0; p < parts; p++) {
                s.append(SYLLABLES[Math.min(random.nextInt(SYLLABLES.length), random.nextInt(SYLLABLES.length))]);
            }
            int gap = random.nextInt(10);
            s.append(gap == 0 ? "\n" : gap == 1 ? "  " : gap == 2 ? ", " : " ");
        }
        return s.toString();
    }

    /** BPE as the Tokenizer Javadoc states it, with maps and lists: slow, obvious, independent of the reference. */
    static final class NaiveBpe {

        static List<Merge> train(String corpus, int vocabSize) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            Matcher m = Pattern.compile(Tokenizer.CHUNK_PATTERN).matcher(corpus);
            while (m.find()) {
                counts.merge(m.group(), 1, Integer::sum);
            }
            Map<String, List<Integer>> words = new HashMap<>();
            for (String chunk : counts.keySet()) {
                List<Integer> ids = new ArrayList<>();
                for (int b : utf8(chunk)) {
                    ids.add(b);
                }
                words.put(chunk, ids);
            }
            List<Merge> merges = new ArrayList<>();
            for (int next = 256; next < vocabSize; next++) {
                Map<List<Integer>, Integer> pairs = new HashMap<>();
                for (var e : counts.entrySet()) {
                    List<Integer> w = words.get(e.getKey());
                    for (int i = 0; i + 1 < w.size(); i++) {
                        pairs.merge(List.of(w.get(i), w.get(i + 1)), e.getValue(), Integer::sum);
                    }
                }
                List<Integer> best = null;
                int bestCount = 0;
                for (var e : pairs.entrySet()) {
                    List<Integer> p = e.getKey();
                    int c = e.getValue();
                    if (c > bestCount || (c == bestCount && (p.get(0) < best.get(0)
                            || (p.get(0).equals(best.get(0)) && p.get(1) < best.get(1))))) {
                        best = p;
                        bestCount = c;
                    }
                }
                if (best == null) {
                    break;
                }
                merges.add(new Merge(best.get(0), best.get(1), next));
                for (var e : words.entrySet()) {
                    e.setValue(apply(e.getValue(), best.get(0), best.get(1), next));
                }
            }
            return merges;
        }

        static int[] encode(List<Merge> merges, String text) {
            List<Integer> out = new ArrayList<>();
            Matcher m = Pattern.compile(Tokenizer.CHUNK_PATTERN).matcher(text);
            while (m.find()) {
                List<Integer> ids = new ArrayList<>();
                for (int b : utf8(m.group())) {
                    ids.add(b);
                }
                while (true) {
                    Merge first = null;
                    for (int i = 0; i + 1 < ids.size(); i++) {
                        for (Merge merge : merges) {
                            if (merge.left() == ids.get(i) && merge.right() == ids.get(i + 1)
                                    && (first == null || merge.token() < first.token())) {
                                first = merge;
                            }
                        }
                    }
                    if (first == null) {
                        break;
                    }
                    ids = apply(ids, first.left(), first.right(), first.token());
                }
                out.addAll(ids);
            }
            return out.stream().mapToInt(Integer::intValue).toArray();
        }

        private static List<Integer> apply(List<Integer> ids, int left, int right, int token) {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                if (i + 1 < ids.size() && ids.get(i) == left && ids.get(i + 1) == right) {
                    out.add(token);
                    i++;
                } else {
                    out.add(ids.get(i));
                }
            }
            return out;
        }
    }

    @Test
    @DisplayName("the naive BPE used as an oracle here reproduces the course merges itself")
    void naiveOracleMatchesCourse() {
        assertEquals(List.of(new Merge('l', 'o', 256), new Merge(256, 'w', 257), new Merge(257, 'e', 258)),
                NaiveBpe.train(COURSE_CORPUS, 259));
        assertEquals(Arrays.toString(new int[] {258, 115, 116}),
                Arrays.toString(NaiveBpe.encode(NaiveBpe.train(COURSE_CORPUS, 259), "lowest")));
    }
}
