package dev.llmf.grader.suites;

import dev.llmf.contract.Tokenizer;
import dev.llmf.contract.Tokenizer.Merge;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static dev.llmf.grader.suites.Check.same;
import static dev.llmf.grader.suites.Check.when;
import static dev.llmf.grader.suites.Visibility.AFTER_DEADLINE;
import static dev.llmf.grader.suites.Visibility.NEVER;
import static dev.llmf.grader.suites.Visibility.VISIBLE;

/** Hidden tests for exercise 2 ({@link Tokenizer}): the worked example, tie rules, unicode, random corpora. */
@DisplayName("Exercise 2 — byte-level BPE tokenizer")
public class TokenizerSuite {

    private static final String COURSE = "low lower lowest lowly";

    private static final String TIES_TO_LARGER = "on a count tie you took the LARGER pair: take the smallest pair, "
            + "comparing left ids first, then right ids (in the course corpus (l,o) = (108, 111) beats (o,w) = "
            + "(111, 119))";
    private static final String SPACE_WITH_WORD = "your merges match GPT-2-style chunks with the space attached to "
            + "the next word: cut the text with Tokenizer.CHUNK_PATTERN, which makes every run of whitespace its "
            + "own chunk";
    private static final String NO_CHUNKS = "your merges cross chunk boundaries (a letter merged with a space, "
            + "digit or symbol): cut the text with Tokenizer.CHUNK_PATTERN first and count pairs inside each chunk";
    private static final String NOT_OVERLAPPING = "you counted overlapping pairs once: \"aaa\" holds the pair "
            + "(a, a) twice when counting (only the replacement skips the token it just made)";

    private static Tokenizer learner() {
        return Grading.learner(Tokenizer.class);
    }

    private static Tokenizer reference() {
        return Grading.reference(Tokenizer.class);
    }

    private static Tokenizer trainedReference(String corpus, int vocabSize) {
        Tokenizer t = reference();
        t.train(corpus, vocabSize);
        return t;
    }

    /** The likely causes for a list of merges learned from {@code corpus}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Check.Hint<List<Merge>>[] mergeHints(String corpus, int vocabSize) {
        return new Check.Hint[] {
            same(() -> TokenizerVariants.bpeTrain(corpus, vocabSize, true, TokenizerVariants.Chunking.PATTERN, true), TIES_TO_LARGER),
            same(() -> TokenizerVariants.bpeTrain(corpus, vocabSize, false, TokenizerVariants.Chunking.SPACE_WITH_NEXT_WORD, true),
                    SPACE_WITH_WORD),
            same(() -> TokenizerVariants.bpeTrain(corpus, vocabSize, false, TokenizerVariants.Chunking.NONE, true), NO_CHUNKS),
            same(() -> TokenizerVariants.bpeTrain(corpus, vocabSize, false, TokenizerVariants.Chunking.PATTERN, false),
                    NOT_OVERLAPPING),
            Check.<List<Merge>>when(m -> m.size() == vocabSize - 255 || m.size() == vocabSize,
                    "you learned too many merges: stop when the vocabulary (256 bytes + merges) has vocabSize tokens"),
            Check.<List<Merge>>when(m -> !m.isEmpty() && m.getFirst().token() != 256,
                    "the first merge must create token 256 (ids 0..255 are the bytes), the next 257, and so on"),
        };
    }

    /** Fails with a training message when the learner's merges already differ from the reference's. */
    private static void requireSameMerges(String when, Tokenizer learner, Tokenizer reference, String corpus,
                                          int vocabSize) {
        Check.same("the merges learned from " + quote(corpus) + " (needed for " + when + "; if the training test "
                + "fails too, fix that first)", reference.merges(), learner.merges(), mergeHints(corpus, vocabSize));
    }

    @Test
    @DisplayName("training on \"low lower lowest lowly\" learns (l,o)→256, (256,w)→257, (257,e)→258")
    @Points(3)
    @Visibility.Shown(VISIBLE)
    void courseMerges() {
        Tokenizer learner = learner();
        learner.train(COURSE, 259);

        Check.same("merges learned from \"low lower lowest lowly\" with vocabSize 259 (chunks low| |lower| |lowest| "
                        + "|lowly; (l,o) and (o,w) both occur 4 times and the smaller pair wins)",
                List.of(new Merge('l', 'o', 256), new Merge(256, 'w', 257), new Merge(257, 'e', 258)),
                learner.merges(), mergeHints(COURSE, 259));
    }

    @Test
    @DisplayName("after the course merges, \"lowest lowly low lower slow\" encodes with the learned tokens")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void courseEncoding() {
        Tokenizer learner = learner();
        learner.train(COURSE, 259);
        Tokenizer reference = trainedReference(COURSE, 259);
        String text = "lowest lowly low lower slow";

        requireSameMerges("encoding", learner, reference, COURSE, 259);
        Check.same("encode(\"" + text + "\") — chunks " + TokenizerVariants.showChunks(text) + "; lowest = [258, 115, 116], "
                        + "lowly = [257, 108, 121], the spaces stay 32", reference.encode(text), learner.encode(text),
                same(() -> TokenizerVariants.bpeEncodeLeftmostFirst(text, reference.merges()),
                        "you merged the leftmost known pair first: repeatedly apply the pair that was learned "
                                + "EARLIEST (lowest new id) among the pairs present in the chunk"));
    }

    @Test
    @DisplayName("encoding applies the earliest-learned merge first, not the leftmost known pair")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void encodingUsesMergeOrder() {
        String corpus = "bc bc bc ab ab cd cd cd cd abcd";
        Tokenizer learner = learner();
        learner.train(corpus, 260);
        Tokenizer reference = trainedReference(corpus, 260);
        String text = "abc abcd bcab cdab";

        requireSameMerges("encoding", learner, reference, corpus, 260);
        Check.same("encode(\"" + text + "\") with the merges " + reference.merges(), reference.encode(text),
                learner.encode(text),
                same(() -> TokenizerVariants.bpeEncodeLeftmostFirst(text, reference.merges()),
                        "you merged the leftmost known pair first: in \"abc\" (b,c) was learned before (a,b), so "
                                + "the answer is [a, bc]; always apply the earliest-learned pair present"));
    }

    @Test
    @DisplayName("overlapping pairs all count when training, and replacement never reuses a token it just made")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void overlappingPairs() {
        Tokenizer learner = learner();
        learner.train("aaa bc bc", 257);

        Check.same("the merge learned from \"aaa bc bc\" ((a,a) occurs twice in \"aaa\", tying with (b,c); the "
                        + "smaller pair (97, 97) wins)", List.of(new Merge('a', 'a', 256)), learner.merges(),
                mergeHints("aaa bc bc", 257));
        Check.same("encode(\"aaaaa\") — scanning left to right: aa, aa, a", new int[] {256, 256, 'a'},
                learner.encode("aaaaa"),
                same(() -> new int[] {'a', 256, 256}, "you merged from the right: scan each chunk left to right"),
                same(() -> new int[] {256, 'a', 'a', 'a'}, "you stopped after the first replacement: replace every "
                        + "occurrence of the pair in the chunk"));
    }

    @Test
    @DisplayName("ties between pairs of equal count go to the smallest pair: left id first, then right id")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void tieBreaking() {
        String corpus = "ca ba ac ab";
        Tokenizer learner = learner();
        learner.train(corpus, 260);

        Check.same("merges from \"ca ba ac ab\" (every pair occurs once, so the order is the order of the pairs: "
                        + "(97,98), (97,99), (98,97), (99,97))",
                List.of(new Merge('a', 'b', 256), new Merge('a', 'c', 257), new Merge('b', 'a', 258),
                        new Merge('c', 'a', 259)),
                learner.merges(), mergeHints(corpus, 260));
    }

    @Test
    @DisplayName("training on a random corpus learns the same merges as the reference and encodes new text alike")
    @Points(4)
    @Visibility.Shown(AFTER_DEADLINE)
    void randomCorpusAgainstReference() {
        SplittableRandom r = Grading.random("randomCorpus");
        String corpus = randomText(r, 70);
        String text = randomText(r, 25);
        int vocabSize = 256 + 30 + r.nextInt(20);
        Tokenizer learner = learner();
        learner.train(corpus, vocabSize);
        Tokenizer reference = trainedReference(corpus, vocabSize);

        Check.same("the merges learned from the random corpus " + quote(corpus) + " with vocabSize " + vocabSize,
                reference.merges(), learner.merges(), mergeHints(corpus, vocabSize));
        int[] ids = learner.encode(text);
        Check.same("encode(" + quote(text) + ") after that training", reference.encode(text), ids,
                same(() -> TokenizerVariants.bpeEncodeLeftmostFirst(text, reference.merges()),
                        "you merged the leftmost known pair first: apply the earliest-learned pair present"));
        Check.sameText("decode(encode(text)) for the random text", text, learner.decode(ids));
    }

    @Test
    @DisplayName("decode(encode(s)) gives back s for accents, emoji (also ZWJ sequences and flags), CJK and tabs")
    @Points(3)
    @Visibility.Shown(VISIBLE)
    void unicodeRoundTrip() {
        String corpus = "café naïve façade déjà vu 🦙🦙 llamas 😂😂 日本語の文章 👩‍💻 🇫🇷 ñandú";
        String text = "Crème brûlée — déjà vu! 🦙 says 😂 to 👩‍💻 in 🇫🇷; 日本語 ok?\tтекст\n  Ωmega 12345 \u0301x";
        Tokenizer untrained = learner();
        Check.same("encode(\"é🦙\") with no merges: the UTF-8 bytes of é (C3 A9) and of 🦙 (F0 9F A6 99)",
                new int[] {0xC3, 0xA9, 0xF0, 0x9F, 0xA6, 0x99}, untrained.encode("é🦙"),
                same(() -> TokenizerVariants.charsInsteadOfBytes("é🦙"), "you used Java chars (UTF-16 units) as tokens: "
                        + "turn each chunk into its UTF-8 bytes with getBytes(StandardCharsets.UTF_8) and b & 0xFF"),
                same(() -> "é🦙".codePoints().toArray(), "you used code points as tokens: tokens are the UTF-8 "
                        + "bytes, with b & 0xFF to get 0..255"),
                same(() -> new int[] {(byte) 0xC3, (byte) 0xA9, (byte) 0xF0, (byte) 0x9F, (byte) 0xA6, (byte) 0x99},
                        "your ids are negative: Java bytes are signed, use b & 0xFF to get 0..255"));

        Tokenizer learner = learner();
        learner.train(corpus, 300);
        int[] ids = learner.encode(text);
        Check.sameText("decode(encode(s)) after training on accented/emoji text", text, learner.decode(ids),
                Check.<String>when(s -> s.contains("\uFFFD"), "the result holds U+FFFD: decode all the bytes of "
                        + "all tokens together with new String(bytes, UTF_8), not token by token (a token may hold "
                        + "half a character)"),
                Check.<String>when(s -> s.length() < text.length() && s.replace(" ", "").length()
                        == text.replaceAll("\\s", "").length(), "whitespace went missing: keep every chunk, "
                        + "including the runs of spaces, tabs and newlines"));
    }

    @Test
    @DisplayName("decode joins the bytes of all tokens before decoding: a character split across tokens survives")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void decodeJoinsBytes() {
        Tokenizer learner = learner();
        int[] eAcute = {0xC3, 0xA9};
        Check.sameText("decode([195, 169]) (the two bytes of é)", "é", learner.decode(eAcute),
                same(() -> TokenizerVariants.decodeTokenByToken(reference(), eAcute), "you decoded each token on its own: "
                        + "concatenate every token's bytes first, then new String(bytes, UTF_8) once"),
                same(() -> "Ã©", "you turned each byte into a char (ISO-8859-1): decode the bytes as UTF-8"));
        int[] cut = {'a', 0xF0, 0x9F, 0xA6};
        Check.sameText("decode([97, 240, 159, 166]) (an emoji cut after 3 of its 4 bytes becomes U+FFFD, as "
                        + "new String(bytes, UTF_8) does)", new String(new byte[] {'a', (byte) 0xF0, (byte) 0x9F,
                        (byte) 0xA6}, StandardCharsets.UTF_8), learner.decode(cut));
    }

    @Test
    @DisplayName("empty and whitespace-only input: encode(\"\") is empty, an empty corpus learns nothing, spaces merge")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void emptyAndWhitespace() {
        Tokenizer learner = learner();
        Check.same("encode(\"\") (no text, no ids)", new int[0], learner.encode(""));
        learner.train("", 300);
        Check.same("vocabSize() after training on the empty corpus (no pairs: nothing is learned)", 256,
                learner.vocabSize());
        String spaces = "    \n\n  \t\t \n\n";
        learner.train(spaces, 262);
        Check.same("merges learned from a whitespace-only corpus (whitespace runs are chunks like any other)",
                trainedReference(spaces, 262).merges(), learner.merges(), mergeHints(spaces, 262));
    }

    @Test
    @DisplayName("training stops when no pair is left, and a second train(...) replaces the first one's merges")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void stoppingAndRetraining() {
        Tokenizer learner = learner();
        learner.train(COURSE, 259);
        learner.train("ab ab a1", 1000);

        Check.same("merges after train(\"ab ab a1\", 1000) (one pair inside a chunk; \"a1\" is two chunks; the "
                        + "merges of the first train(...) are forgotten)", List.of(new Merge('a', 'b', 256)),
                learner.merges(),
                Check.<List<Merge>>when(m -> m.size() > 1 && m.getFirst().equals(new Merge('l', 'o', 256)),
                        "the merges of the first train(...) call are still there: clear them when training again"),
                Check.<List<Merge>>when(m -> m.contains(new Merge('a', '1', 257)) || m.contains(new Merge('a', '1', 256)),
                        "(a, 1) was merged: letters and digits are separate chunks, so no pair spans them"));
        Check.same("vocabSize() after that (256 bytes + 1 merge)", 257, learner.vocabSize());
    }

    @Test
    @DisplayName("bad arguments are refused: vocabSize 255, unknown or negative ids in decode and tokenBytes")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void rejectsBadArguments() {
        Tokenizer learner = learner();
        Check.rejects("train(corpus, 255) (fewer tokens than the 256 bytes)", () -> learner.train(COURSE, 255));
        learner.train(COURSE, 259);
        Check.rejects("decode([257, 4321]) with a 259-token vocabulary", () -> learner.decode(new int[] {257, 4321}),
                "4321");
        Check.rejects("decode([-1])", () -> learner.decode(new int[] {-1}), "-1");
        Check.rejects("tokenBytes(259) with a 259-token vocabulary (ids 0..258)", () -> learner.tokenBytes(259));
        Check.rejects("tokenBytes(-1)", () -> learner.tokenBytes(-1));
    }

    @Test
    @DisplayName("tokenBytes and decode give the bytes of learned tokens: left part's bytes then right part's")
    @Points(2)
    @Visibility.Shown(AFTER_DEADLINE)
    void learnedTokenBytes() {
        SplittableRandom r = Grading.random("learnedTokenBytes");
        String corpus = randomText(r, 60);
        Tokenizer learner = learner();
        learner.train(corpus, 290);
        Tokenizer reference = trainedReference(corpus, 290);

        requireSameMerges("the bytes of learned tokens", learner, reference, corpus, 290);
        int last = reference.vocabSize() - 1;
        int middle = 256 + (last - 256) / 2;
        for (int id : new int[] {256, middle, last}) {
            Check.same("tokenBytes(" + id + ") (merge " + reference.merges().get(id - 256) + ")",
                    Arrays.toString(reference.tokenBytes(id)), Arrays.toString(learner.tokenBytes(id)));
        }
        int[] all = java.util.stream.IntStream.range(256, last + 1).toArray();
        Check.sameText("decode of all learned tokens 256.." + last + " in a row", reference.decode(all),
                learner.decode(all));
    }

    @Test
    @DisplayName("a longer corpus (several kilobytes, 200 merges) trains like the reference")
    @Points(1)
    @Visibility.Shown(NEVER)
    void longerCorpus() {
        SplittableRandom r = Grading.random("longerCorpus");
        String corpus = randomText(r, 1200);
        Tokenizer learner = learner();
        learner.train(corpus, 456);
        Tokenizer reference = trainedReference(corpus, 456);

        Check.same("the merges learned from a " + corpus.length() + "-char random corpus with vocabSize 456",
                reference.merges(), learner.merges(), mergeHints(corpus, 456));
        String text = randomText(r, 40);
        Check.same("encode of new text after that training", reference.encode(text), learner.encode(text));
    }

    // ---- inputs ----

    private static final String[] PIECES = {"lo", "w", "er", "est", "ly", "ne", "t", "a", "ab", "ba", "é", "ï", "🦙",
        "42", "7", "!", "?", "—", "の", "aa", "s", "ing", "th", "e", "ô", "..."};
    private static final String[] SEPARATORS = {" ", " ", " ", "  ", "\n", "\t", ", "};

    /** {@code words} random words built from a few pieces (letters, digits, symbols, emoji), some repeated. */
    static String randomText(SplittableRandom r, int words) {
        StringBuilder out = new StringBuilder();
        for (int w = 0; w < words; w++) {
            if (w > 0) {
                out.append(SEPARATORS[r.nextInt(SEPARATORS.length)]);
            }
            int parts = 1 + r.nextInt(4);
            for (int p = 0; p < parts; p++) {
                out.append(PIECES[r.nextInt(PIECES.length)]);
            }
        }
        return out.toString();
    }

    private static String quote(String s) {
        String shown = s.length() > 60 ? s.substring(0, 60) + "…" : s;
        return "\"" + shown.replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }
}
