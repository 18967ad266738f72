package dev.llmf.contract;

import java.util.List;

/**
 * Exercise 2 — a byte-level Byte Pair Encoding (BPE) tokenizer.
 *
 * <h2>Tokens</h2>
 * Token ids {@code 0..255} are the 256 single bytes (id {@code b} is byte {@code b}). Every merge learned by
 * {@link #train} adds one token, numbered {@code 256, 257, …} in the order learned, whose bytes are the bytes of
 * its left part followed by those of its right part. An untrained tokenizer knows just the 256 bytes.
 *
 * <h2>Chunks</h2>
 * Text is first cut into chunks with {@link #CHUNK_PATTERN}: runs of letters, runs of digits, runs of other
 * visible symbols, and runs of whitespace. Each chunk is turned into its UTF-8 bytes; merges never cross a chunk
 * boundary. So in {@code "low lower"} the chunks are {@code "low"}, {@code " "}, {@code "lower"}.
 * The classes are exactly the pattern's, as {@code java.util.regex} reads it: {@code \s} is ASCII whitespace only
 * (space, tab, newline, vertical tab, form feed, carriage return), so a no-break space or U+3000 is an "other
 * symbol"; {@code \p{L}} and {@code \p{N}} are all Unicode letters and numbers, so ½ and ² are digits. Cutting with
 * {@code Character.isWhitespace}, {@code isLetter} or {@code isDigit} instead gives other chunks for such text.
 *
 * <h2>Training</h2>
 * Repeat until the vocabulary has {@code vocabSize} tokens or no adjacent pair is left in any chunk:
 * <ol>
 *   <li>count every adjacent pair of tokens in every chunk (overlapping pairs all count: the byte string
 *       {@code "aaa"} holds the pair {@code (a, a)} twice);</li>
 *   <li>take the most frequent pair; on a tie take the smallest pair, comparing left ids first, then right ids;</li>
 *   <li>give it the next id and replace its occurrences in every chunk, scanning left to right and never
 *       reusing a token that was just merged ({@code "aaa"} becomes {@code [aa, a]}).</li>
 * </ol>
 * Worked example, corpus {@code "low lower lowest lowly"}: {@code (l,o)} and {@code (o,w)} both occur 4 times
 * and {@code (l,o)} is smaller, so merge 1 is {@code l+o → 256}; then {@code 256+w → 257} ("low", 4 times); then
 * {@code 257+e → 258} ("lowe", twice).
 *
 * <h2>Encoding</h2>
 * Each chunk starts as its bytes; while some adjacent pair of it has been learned, merge the pair learned
 * <em>earliest</em> (everywhere in the chunk, left to right as above). With the 3 merges above,
 * {@code "lowest"} encodes to {@code [258, 's', 't']} = {@code [258, 115, 116]}.
 *
 * <h2>Decoding</h2>
 * Concatenate the tokens' bytes and decode them as UTF-8; byte sequences that are not valid UTF-8 (a token list
 * may cut a character in half) become U+FFFD, as {@code new String(bytes, UTF_8)} does. For every well-formed
 * string {@code s}: {@code decode(encode(s)).equals(s)}. A string with an unpaired surrogate has no UTF-8 form
 * ({@code getBytes(UTF_8)} writes {@code '?'} in its place), so it cannot come back: such strings are not graded.
 *
 * <p>{@link #decode} does not write into the ids it is given; {@link #tokenBytes} returns a copy, so writing into
 * it changes nothing in the tokenizer.
 */
public interface Tokenizer {

    /** The chunking rule: letters, digits, other non-space symbols, whitespace — each as maximal runs. */
    String CHUNK_PATTERN = "\\p{L}+|\\p{N}+|[^\\s\\p{L}\\p{N}]+|\\s+";

    /** One learned merge: tokens {@code left} and {@code right}, next to each other, become {@code token}. */
    record Merge(int left, int right, int token) {
    }

    /**
     * Learns merges from {@code corpus} until the vocabulary holds {@code vocabSize} tokens (or no pair is left),
     * replacing whatever was learned before.
     *
     * @throws IllegalArgumentException if {@code vocabSize < 256}
     */
    void train(String corpus, int vocabSize);

    /** The token ids of {@code text}; an empty string gives an empty array. */
    int[] encode(String text);

    /**
     * The text of {@code ids}.
     *
     * @throws IllegalArgumentException if an id is negative or not in the vocabulary (the message names it)
     */
    String decode(int[] ids);

    /** The merges in the order they were learned; merge {@code i} created token {@code 256 + i}. */
    List<Merge> merges();

    /** Number of tokens: 256 plus the number of merges. */
    int vocabSize();

    /**
     * The bytes token {@code id} stands for (a copy).
     *
     * @throws IllegalArgumentException if {@code id} is not in the vocabulary
     */
    byte[] tokenBytes(int id);
}
