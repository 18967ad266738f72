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
    private static final String WHITESPACE_SPLIT = "your merges join letters with digits or symbols: you split the "
            + "text at whitespace only; cut it with Tokenizer.CHUNK_PATTERN, where letters, digits, other symbols "
            + "and whitespace are separate runs";
    private static final String CHARACTER_CLASSES = "you cut the chunks with Character.isLetter/isDigit/isWhitespace:"
            + " in Tokenizer.CHUNK_PATTERN \\s is ASCII whitespace only (U+3000 and NBSP are symbols) and \\p{N} "
            + "holds every number character (½ and ² count as digits); cut with Pattern.compile(CHUNK_PATTERN)";
    private static final String LEFTMOST_FIRST = "you merged the leftmost known pair first: repeatedly apply the "
            + "pair that was learned EARLIEST (lowest new id) among the pairs present in the chunk";

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
            same(() -> TokenizerVariants.bpeTrain(corpus, vocabSize, false,
                    TokenizerVariants.Chunking.WHITESPACE_SPLIT, true), WHITESPACE_SPLIT),
            same(() -> TokenizerVariants.bpeTrain(corpus, vocabSize, false,
                    TokenizerVariants.Chunking.JAVA_CHARACTER_CLASSES, true), CHARACTER_CLASSES),
            same(() -> TokenizerVariants.bpeTrain(corpus, vocabSize + 1, false, TokenizerVariants.Chunking.PATTERN,
                    true), "you learned one merge too many: vocabSize counts the 256 byte tokens too, so stop when "
                    + "256 + merges reaches vocabSize"),
            same(() -> TokenizerVariants.renumbered(TokenizerVariants.bpeTrain(corpus, vocabSize, false,
                    TokenizerVariants.Chunking.PATTERN, true), 257), "your merges are numbered from 257: the first "
                    + "merge creates token 256 (ids 0..255 are the bytes), the next 257, and so on"),
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
        List<Merge> expected = List.of(new Merge('l', 'o', 256), new Merge(256, 'w', 257), new Merge(257, 'e', 258));
        Check.separates("breaking ties toward the larger pair", expected,
                () -> TokenizerVariants.bpeTrain(COURSE, 259, true, TokenizerVariants.Chunking.PATTERN, true));
        Tokenizer learner = learner();
        learner.train(COURSE, 259);

        Check.same("merges learned from \"low lower lowest lowly\" with vocabSize 259 (chunks low| |lower| |lowest| "
                        + "|lowly; (l,o) and (o,w) both occur 4 times and the smaller pair wins)",
                expected, learner.merges(), mergeHints(COURSE, 259));
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
                same(() -> TokenizerVariants.bpeEncodeLeftmostFirst(text, reference.merges()), LEFTMOST_FIRST));
    }

    @Test
    @DisplayName("encoding applies the earliest-learned merge first, not the leftmost known pair")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void encodingUsesMergeOrder() {
        // (b,c) 5 times → 256; then (256,d) 3 times → 257; then (a,256) twice → 258. In "abcd", after b+c the
        // pairs (a,256) and (256,d) are both known: the earlier-learned (256,d) wins, the leftmost would not.
        String corpus = "bcd bcd bcd abc abc";
        String text = "abcd abc xbcd";
        Tokenizer reference = trainedReference(corpus, 259);
        int[] expected = reference.encode(text);
        Check.separates("merging the leftmost known pair first", expected,
                () -> TokenizerVariants.bpeEncodeLeftmostFirst(text, reference.merges()));
        Tokenizer learner = learner();
        learner.train(corpus, 259);

        requireSameMerges("encoding", learner, reference, corpus, 259);
        Check.same("encode(\"" + text + "\") with the merges " + reference.merges() + " (in \"abcd\" the pairs "
                        + "(a, 256) and (256, d) are both known; (256, d) was learned first, so \"abcd\" is [a, bcd])",
                expected, learner.encode(text),
                same(() -> TokenizerVariants.bpeEncodeLeftmostFirst(text, reference.merges()), LEFTMOST_FIRST));
    }

    @Test
    @DisplayName("overlapping pairs all count when training, and replacement never reuses a token it just made")
    @Points(2)
    @Visibility.Shown(VISIBLE)
    void overlappingPairs() {
        Check.separates("counting overlapping pairs once", List.of(new Merge('a', 'a', 256)),
                () -> TokenizerVariants.bpeTrain("aaa bc bc", 257, false, TokenizerVariants.Chunking.PATTERN, false));
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
        Check.separates("breaking ties toward the larger pair", trainedReference(corpus, 260).merges(),
                () -> TokenizerVariants.bpeTrain(corpus, 260, true, TokenizerVariants.Chunking.PATTERN, true));
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
        fixedCorpusLikeTheReference();

        SplittableRandom r = Grading.random("randomCorpus");
        String corpus = randomText(r, 70);
        String text = randomText(r, 25);
        trainsAndEncodesLikeTheReference("the random corpus", corpus, 256 + 30 + r.nextInt(20), text);
    }

    /**
     * A fixed corpus, on which each known mistake learns or encodes differently (checked): run before the random
     * ones, so a test fails for those mistakes whatever the seed.
     */
    private static void fixedCorpusLikeTheReference() {
        String fixedCorpus = "bcd bcd bcd abc abc aaa ca ba ac ab x1 x1 é🦙 é🦙";
        String fixedText = "abcd aaaa x1 é🦙 cab";
        Tokenizer fixed = trainedReference(fixedCorpus, 268);
        Check.separates("merging the leftmost known pair first", fixed.encode(fixedText),
                () -> TokenizerVariants.bpeEncodeLeftmostFirst(fixedText, fixed.merges()));
        for (boolean[] mistake : new boolean[][] {{true, true}, {false, false}}) {
            Check.separates("training with ties to the larger pair or overlapping pairs counted once", fixed.merges(),
                    () -> TokenizerVariants.bpeTrain(fixedCorpus, 268, mistake[0], TokenizerVariants.Chunking.PATTERN,
                            mistake[1]));
        }
        Check.separates("chunks split at whitespace only", fixed.merges(), () -> TokenizerVariants.bpeTrain(
                fixedCorpus, 268, false, TokenizerVariants.Chunking.WHITESPACE_SPLIT, true));
        trainsAndEncodesLikeTheReference("the fixed corpus", fixedCorpus, 268, fixedText);
    }

    private static void trainsAndEncodesLikeTheReference(String which, String corpus, int vocabSize, String text) {
        Tokenizer learner = learner();
        learner.train(corpus, vocabSize);
        Tokenizer reference = trainedReference(corpus, vocabSize);

        Check.same("the merges learned from " + which + " " + quote(corpus) + " with vocabSize " + vocabSize,
                reference.merges(), learner.merges(), mergeHints(corpus, vocabSize));
        int[] ids = learner.encode(text);
        Check.same("encode(" + quote(text) + ") after that training", reference.encode(text), ids,
                same(() -> TokenizerVariants.bpeEncodeLeftmostFirst(text, reference.merges()), LEFTMOST_FIRST));
        Check.sameText("decode(encode(text)) for " + quote(text), text, learner.decode(ids));
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
        Tokenizer reference = trainedReference(corpus, 300);
        int[] ids = learner.encode(text);
        Check.sameText("decode(encode(s)) after training on accented/emoji text", text, learner.decode(ids),
                same(() -> TokenizerVariants.decodeTokenByToken(reference, ids), "you decoded each token on its own "
                        + "(a token may hold half a character, which becomes U+FFFD): join the bytes of all tokens, "
                        + "then new String(bytes, UTF_8) once"),
                same(() -> text.replaceAll("\\s+", ""), "the whitespace went missing: keep every chunk, "
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
                same(() -> List.of(new Merge('l', 'o', 256), new Merge(256, 'w', 257), new Merge(257, 'e', 258),
                        new Merge('a', 'b', 259)), "the merges of the first train(...) call are still there: clear "
                        + "them (and the vocabulary) when training again"),
                same(() -> List.of(new Merge('a', 'b', 259)), "the new merge got id 259: training again starts "
                        + "over from the 256 bytes, so its first merge is 256 again"),
                same(() -> TokenizerVariants.bpeTrain("ab ab a1", 1000, false,
                        TokenizerVariants.Chunking.WHITESPACE_SPLIT, true), WHITESPACE_SPLIT));
        Check.same("vocabSize() after that (256 bytes + 1 merge)", 257, learner.vocabSize());
    }

    @Test
    @DisplayName("bad arguments are refused: vocabSize 255, an id of V or -1 in decode and tokenBytes, naming the id")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void rejectsBadArguments() {
        Tokenizer learner = learner();
        Check.rejects("train(corpus, 255) (fewer tokens than the 256 bytes)", () -> learner.train(COURSE, 255));
        learner.train(COURSE, 259);
        Check.rejects("decode([257, 259]) with a 259-token vocabulary (ids 0..258)",
                () -> learner.decode(new int[] {257, 259}), "259");
        Check.rejects("decode([257, 4321]) with a 259-token vocabulary", () -> learner.decode(new int[] {257, 4321}),
                "4321");
        Check.rejects("decode([-1])", () -> learner.decode(new int[] {-1}), "-1");
        Check.rejects("tokenBytes(259) with a 259-token vocabulary (ids 0..258)", () -> learner.tokenBytes(259),
                "259");
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
        fixedCorpusLikeTheReference();
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

    @Test
    @DisplayName("tokenBytes hands out a copy: writing into it changes neither later tokenBytes nor decode")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void tokenBytesIsACopy() {
        Tokenizer learner = learner();
        learner.train(COURSE, 259);
        byte[] lowe = learner.tokenBytes(258);
        Check.same("tokenBytes(258) (merge 258 is 257 + 'e': the bytes of \"lowe\")", "[108, 111, 119, 101]",
                Arrays.toString(lowe));
        byte[] a = learner.tokenBytes('a');
        Arrays.fill(lowe, (byte) 'x');
        Arrays.fill(a, (byte) 'x');

        Check.same("tokenBytes(258) after the caller wrote 'x' into the array an earlier tokenBytes(258) gave it "
                        + "(tokenBytes returns a copy: return bytes.clone(), not the tokenizer's own array)",
                "[108, 111, 119, 101]", Arrays.toString(learner.tokenBytes(258)));
        Check.sameText("decode([258, 97]) after the caller wrote into the arrays tokenBytes(258) and tokenBytes(97) "
                + "gave it (they were copies)", "lowea", learner.decode(new int[] {258, 'a'}));
        int[] ids = {258, 's', 't'};
        Check.leavesInputsAlone("decode([258, 115, 116])", () -> learner.decode(ids), "ids", ids);
    }

    @Test
    @DisplayName("chunks are exactly CHUNK_PATTERN's runs: U+3000 is a symbol, not whitespace; ½ and ² are digits")
    @Points(1)
    @Visibility.Shown(VISIBLE)
    void chunkClassesFollowThePattern() {
        String corpus = "2½ 2½ 2½ 3² 3² ½! ½! ½! x \u3000y x \u3000y";
        String text = "12½ ½!? a \u3000b";
        Tokenizer reference = trainedReference(corpus, 264);
        Check.separates("chunks cut with Character.isDigit/isWhitespace", reference.merges(),
                () -> TokenizerVariants.bpeTrain(corpus, 264, false, TokenizerVariants.Chunking.JAVA_CHARACTER_CLASSES,
                        true));
        Tokenizer learner = learner();
        learner.train(corpus, 264);

        Check.same("merges from \"" + corpus + "\" (chunks " + TokenizerVariants.showChunks(corpus)
                + ": \\p{N}+ keeps \"2½\" together, \\s+ does not take U+3000)", reference.merges(),
                learner.merges(), mergeHints(corpus, 264));
        Check.same("encode(\"" + text + "\") after that training", reference.encode(text), learner.encode(text),
                same(() -> TokenizerVariants.bpeEncode(text, reference.merges(),
                        TokenizerVariants.Chunking.JAVA_CHARACTER_CLASSES), CHARACTER_CLASSES));
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
