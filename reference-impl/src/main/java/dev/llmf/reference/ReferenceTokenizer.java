package dev.llmf.reference;

import dev.llmf.contract.Tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte-level BPE exactly as {@link Tokenizer} states; training is incremental (see {@link BpeTrainer}). */
public final class ReferenceTokenizer implements Tokenizer {

    private static final int BYTES = 256;
    private static final Pattern CHUNKS = Pattern.compile(CHUNK_PATTERN);
    private static final int CACHE_LIMIT = 1 << 16;

    private List<Merge> merges = List.of();
    private Map<Long, Integer> rankOfPair = Map.of();            // (left, right) → merge index
    private List<byte[]> vocab = byteVocabulary();
    private final Map<String, int[]> chunkCache = new ConcurrentHashMap<>();

    @Override
    public void train(String corpus, int vocabSize) {
        if (vocabSize < BYTES) {
            throw new IllegalArgumentException("vocabSize (" + vocabSize + ") must be at least 256: the single bytes");
        }
        Map<String, Long> chunkFrequencies = new LinkedHashMap<>();
        Matcher m = CHUNKS.matcher(corpus);
        while (m.find()) {
            chunkFrequencies.merge(m.group(), 1L, Long::sum);
        }
        BpeTrainer trainer = new BpeTrainer(chunkFrequencies, ReferenceTokenizer::bytesOf);
        use(trainer.train(vocabSize - BYTES, BYTES));
    }

    /** Replaces the learned merges (used by training, and to load a saved tokenizer). */
    public void use(List<Merge> learned) {
        List<byte[]> newVocab = byteVocabulary();
        Map<Long, Integer> ranks = new HashMap<>();
        for (int i = 0; i < learned.size(); i++) {
            Merge merge = learned.get(i);
            if (merge.token() != BYTES + i || merge.left() >= merge.token() || merge.right() >= merge.token()
                    || merge.left() < 0 || merge.right() < 0) {
                throw new IllegalArgumentException("merge " + i + " " + merge + " must create token " + (BYTES + i)
                        + " from tokens that already exist");
            }
            newVocab.add(concat(newVocab.get(merge.left()), newVocab.get(merge.right())));
            ranks.putIfAbsent(BpeTrainer.key(merge.left(), merge.right()), i);
        }
        merges = List.copyOf(learned);
        rankOfPair = ranks;
        vocab = newVocab;
        chunkCache.clear();
    }

    @Override
    public int[] encode(String text) {
        List<int[]> pieces = new ArrayList<>();
        int total = 0;
        Matcher m = CHUNKS.matcher(text);
        while (m.find()) {
            int[] ids = encodeChunk(m.group());
            pieces.add(ids);
            total += ids.length;
        }
        int[] out = new int[total];
        int at = 0;
        for (int[] ids : pieces) {
            System.arraycopy(ids, 0, out, at, ids.length);
            at += ids.length;
        }
        return out;
    }

    private int[] encodeChunk(String chunk) {
        int[] cached = chunkCache.get(chunk);
        if (cached != null) {
            return cached;
        }
        int[] ids = bytesOf(chunk);
        int length = ids.length;
        while (length >= 2) {
            // the adjacent pair that was learned earliest
            int best = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < length; i++) {
                Integer rank = rankOfPair.get(BpeTrainer.key(ids[i], ids[i + 1]));
                if (rank != null && rank < best) {
                    best = rank;
                }
            }
            if (best == Integer.MAX_VALUE) {
                break;
            }
            Merge merge = merges.get(best);
            length = mergeInPlace(ids, length, merge.left(), merge.right(), merge.token());
        }
        int[] result = Arrays.copyOf(ids, length);
        if (chunkCache.size() < CACHE_LIMIT) {
            chunkCache.put(chunk, result);
        }
        return result;
    }

    @Override
    public String decode(int[] ids) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : ids) {
            bytes.writeBytes(vocabEntry(id));
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public List<Merge> merges() {
        return merges;
    }

    @Override
    public int vocabSize() {
        return vocab.size();
    }

    @Override
    public byte[] tokenBytes(int id) {
        return vocabEntry(id).clone();
    }

    private byte[] vocabEntry(int id) {
        if (id < 0 || id >= vocab.size()) {
            throw new IllegalArgumentException("token id " + id + " is not in the vocabulary [0, " + vocab.size() + ")");
        }
        return vocab.get(id);
    }

    /**
     * Replaces every occurrence of {@code (left, right)} in {@code ids[0..length)} by {@code token}, scanning left
     * to right and never reusing a token just merged; returns the new length.
     */
    static int mergeInPlace(int[] ids, int length, int left, int right, int token) {
        int write = 0;
        int read = 0;
        while (read < length) {
            if (read + 1 < length && ids[read] == left && ids[read + 1] == right) {
                ids[write++] = token;
                read += 2;
            } else {
                ids[write++] = ids[read++];
            }
        }
        return write;
    }

    static int[] bytesOf(String chunk) {
        byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = bytes[i] & 0xff;
        }
        return ids;
    }

    private static List<byte[]> byteVocabulary() {
        List<byte[]> bytes = new ArrayList<>(BYTES);
        for (int b = 0; b < BYTES; b++) {
            bytes.add(new byte[] {(byte) b});
        }
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
