package dev.llmf.reference;

import dev.llmf.contract.Tokenizer.Merge;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A byte-level BPE given as a rank table, the form in which OpenAI ships GPT-2's tokenizer (tiktoken's
 * {@code r50k_base}: one line per token, its bytes in base64 and its rank). This lets the reference encode with
 * the real GPT-2 vocabulary, e.g. to compare its speed and its ids with other tokenizers.
 *
 * <p>Text is cut with GPT-2's pattern ({@link #GPT2_PATTERN}) instead of the course's, and each chunk goes through
 * the same merge loop as {@link ReferenceTokenizer} ({@link MergeRanks}). Ranks 0–255 must be the 256 single bytes
 * (in GPT-2 they are not in byte order); the token of rank {@code r ≥ 256} is merge number {@code r − 256}, and its
 * two parts are what encoding its own bytes with the merges before it leaves — a table where that is not exactly two
 * tokens is rejected. Internally byte {@code b} is id {@code b} and a merged token keeps its rank, so only the 256
 * byte ids are translated on the way out.
 */
public final class RankedBpe {

    /**
     * GPT-2's pre-tokenization: contractions; letters, digits, symbols (each after an optional space); spaces. This is
     * GPT-2's {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+|…} with the contractions written as one alternative: the same
     * matches (they differ in their second character), but the regex engine, which tries alternatives in order, tries
     * one instead of seven at every position that is not an apostrophe.
     */
    public static final String GPT2_PATTERN =
            "'(?:[sdmt]|ll|ve|re)| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    // tiktoken matches with Unicode classes: \s includes e.g. U+00A0 and U+2028.
    private static final Pattern GPT2_CHUNKS = Pattern.compile(GPT2_PATTERN, Pattern.UNICODE_CHARACTER_CLASS);
    private static final int BYTES = 256;

    private final ReferenceTokenizer bpe = new ReferenceTokenizer(GPT2_CHUNKS);
    private final int[] rankOfByte = new int[BYTES];
    private final byte[][] tokens;                      // bytes of each rank

    private RankedBpe(byte[][] tokensByRank) {
        tokens = tokensByRank;
        boolean[] seen = new boolean[BYTES];
        for (int rank = 0; rank < BYTES; rank++) {
            byte[] token = rankOrFail(tokensByRank, rank);
            if (token.length != 1 || seen[token[0] & 0xff]) {
                throw new IllegalArgumentException("ranks 0-255 must be the 256 single bytes, but rank " + rank
                        + " is " + describe(token));
            }
            seen[token[0] & 0xff] = true;
            rankOfByte[token[0] & 0xff] = rank;
        }
        MergeRanks derived = new MergeRanks();
        List<Merge> merges = new ArrayList<>();
        for (int rank = BYTES; rank < tokensByRank.length; rank++) {
            byte[] token = rankOrFail(tokensByRank, rank);
            int[] ids = ReferenceTokenizer.bytesOf(token);
            int parts = derived.apply(ids, ids.length);
            if (parts != 2) {
                throw new IllegalArgumentException("rank " + rank + " (" + describe(token) + ") is not a merge of two"
                        + " tokens of lower rank: the ranks before it encode it as " + parts + " tokens");
            }
            Merge merge = new Merge(ids[0], ids[1], rank);
            derived.add(merge);
            merges.add(merge);
        }
        bpe.use(merges);
    }

    /** From the tokens' bytes, index = rank: ranks must run 0, 1, 2, … without gaps. */
    public static RankedBpe fromRanks(List<byte[]> tokensByRank) {
        return new RankedBpe(tokensByRank.toArray(byte[][]::new));
    }

    /**
     * Reads a tiktoken rank file ({@code <base64 bytes> <rank>} per line, e.g. {@code r50k_base.tiktoken}).
     *
     * @throws IllegalArgumentException if a line is malformed, ranks repeat or leave gaps, or the table is no BPE
     */
    public static RankedBpe readTiktoken(InputStream in) throws IOException {
        List<byte[]> byRank = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            int space = line.indexOf(' ');
            try {
                byte[] token = Base64.getDecoder().decode(line.substring(0, space));
                int rank = Integer.parseInt(line.substring(space + 1).trim());
                while (byRank.size() <= rank) {
                    byRank.add(null);
                }
                if (byRank.get(rank) != null) {
                    throw new IllegalArgumentException("rank " + rank + " appears twice");
                }
                byRank.set(rank, token);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + lineNumber + " is not '<base64> <rank>': " + line, e);
            }
        }
        return fromRanks(byRank);
    }

    /** The GPT-2 token ids (ranks) of {@code text}. */
    public int[] encode(String text) {
        int[] ids = bpe.encode(text);
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < BYTES) {
                ids[i] = rankOfByte[ids[i]];
            }
        }
        return ids;
    }

    /** The text of GPT-2 token ids; invalid UTF-8 becomes U+FFFD. */
    public String decode(int[] ranks) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int rank : ranks) {
            if (rank < 0 || rank >= tokens.length) {
                throw new IllegalArgumentException("token id " + rank + " is not in the vocabulary [0, "
                        + tokens.length + ")");
            }
            bytes.writeBytes(tokens[rank]);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Number of ranks (50,256 for GPT-2, which has no special tokens here). */
    public int vocabSize() {
        return tokens.length;
    }

    private static byte[] rankOrFail(byte[][] tokensByRank, int rank) {
        if (rank >= tokensByRank.length || tokensByRank[rank] == null) {
            throw new IllegalArgumentException("rank " + rank + " is missing: ranks must run 0, 1, 2, … with no gap");
        }
        return tokensByRank[rank];
    }

    private static String describe(byte[] token) {
        return token.length + " bytes " + java.util.HexFormat.ofDelimiter(" ").formatHex(token);
    }
}
