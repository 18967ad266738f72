package dev.llmf.reference;

import dev.llmf.contract.Tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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

    private final Pattern chunks;
    private List<Merge> merges = List.of();
    private MergeRanks ranks = new MergeRanks();
    private List<byte[]> vocab = byteVocabulary();
    private final Map<String, int[]> chunkCache = new ConcurrentHashMap<>();

    public ReferenceTokenizer() {
        this(CHUNKS);
    }

    /** A tokenizer that cuts text into chunks with another pattern ({@link RankedBpe} uses GPT-2's). */
    ReferenceTokenizer(Pattern chunks) {
        this.chunks = chunks;
    }

    @Override
    public void train(String corpus, int vocabSize) {
        if (vocabSize < BYTES) {
            throw new IllegalArgumentException("vocabSize (" + vocabSize + ") must be at least 256: the single bytes");
        }
        Map<String, Long> chunkFrequencies = new LinkedHashMap<>();
        Matcher m = chunks.matcher(corpus);
        while (m.find()) {
            chunkFrequencies.merge(m.group(), 1L, Long::sum);
        }
        BpeTrainer trainer = new BpeTrainer(chunkFrequencies, ReferenceTokenizer::bytesOf);
        use(trainer.train(vocabSize - BYTES, BYTES));
    }

    /** Replaces the learned merges (used by training, and to load a saved tokenizer). */
    public void use(List<Merge> learned) {
        List<byte[]> newVocab = byteVocabulary();
        for (int i = 0; i < learned.size(); i++) {
            Merge merge = learned.get(i);
            if (merge.token() != BYTES + i || merge.left() >= merge.token() || merge.right() >= merge.token()
                    || merge.left() < 0 || merge.right() < 0) {
                throw new IllegalArgumentException("merge " + i + " " + merge + " must create token " + (BYTES + i)
                        + " from tokens that already exist");
            }
            newVocab.add(concat(newVocab.get(merge.left()), newVocab.get(merge.right())));
        }
        merges = List.copyOf(learned);
        ranks = new MergeRanks(merges);
        vocab = newVocab;
        chunkCache.clear();
    }

    @Override
    public int[] encode(String text) {
        List<int[]> pieces = new ArrayList<>();
        int total = 0;
        Matcher m = chunks.matcher(text);
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
        int[] result = Arrays.copyOf(ids, ranks.apply(ids, ids.length));
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

    static int[] bytesOf(String chunk) {
        return bytesOf(chunk.getBytes(StandardCharsets.UTF_8));
    }

    /** Byte ids 0..255 of {@code bytes}. */
    static int[] bytesOf(byte[] bytes) {
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
