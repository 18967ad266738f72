package dev.llmf.exercises.tokenizer;

import dev.llmf.contract.Tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Exercise 2: a byte-level Byte Pair Encoding tokenizer.
 *
 * <p>Start with {@code exercises/02-tokenizer/README.md}; the exact rules (chunking, tie-breaking, the order in
 * which encoding applies merges) are in the Javadoc of {@link Tokenizer}.
 */
public class BpeTokenizer implements Tokenizer {

    /** Cuts text into chunks; merges never cross a chunk boundary. */
    private static final Pattern CHUNKS = Pattern.compile(CHUNK_PATTERN);

    /** The learned merges in order: merge {@code i} created token {@code 256 + i}. Empty until trained. */
    private final List<Merge> merges = new ArrayList<>();

    /** Creates an untrained tokenizer: it knows only the 256 single bytes. */
    public BpeTokenizer() {
    }

    @Override
    public void train(String corpus, int vocabSize) {
        throw new UnsupportedOperationException(
                "TODO: chunk the corpus into byte lists, then repeatedly merge the most frequent adjacent pair");
    }

    @Override
    public int[] encode(String text) {
        throw new UnsupportedOperationException(
                "TODO: for each chunk's bytes, keep applying the earliest-learned merge that fits");
    }

    @Override
    public String decode(int[] ids) {
        throw new UnsupportedOperationException(
                "TODO: concatenate every token's bytes and turn them into a String as UTF-8");
    }

    @Override
    public List<Merge> merges() {
        throw new UnsupportedOperationException("TODO: return the learned merges in order (a copy or unmodifiable)");
    }

    @Override
    public int vocabSize() {
        throw new UnsupportedOperationException("TODO: 256 single bytes plus one token per learned merge");
    }

    @Override
    public byte[] tokenBytes(int id) {
        throw new UnsupportedOperationException(
                "TODO: ids below 256 are one byte; a merged token is its left part's bytes then its right part's");
    }
}
