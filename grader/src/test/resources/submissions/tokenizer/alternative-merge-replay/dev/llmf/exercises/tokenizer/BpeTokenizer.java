package dev.llmf.exercises.tokenizer;

import dev.llmf.contract.Tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A correct solution written differently: pairs are counted in a TreeMap keyed by (left, right), so the first
 * entry with the highest count is the smallest pair; encoding replays every merge in the order learned over the
 * whole chunk (which gives the same tokens as always applying the earliest-learned pair present).
 */
public class BpeTokenizer implements Tokenizer {

    private final List<Merge> learned = new ArrayList<>();
    private final List<byte[]> bytesOf = new ArrayList<>();

    public BpeTokenizer() {
        reset();
    }

    private void reset() {
        learned.clear();
        bytesOf.clear();
        for (int b = 0; b < 256; b++) {
            bytesOf.add(new byte[] {(byte) b});
        }
    }

    @Override
    public void train(String corpus, int vocabSize) {
        if (vocabSize < 256) {
            throw new IllegalArgumentException("vocabSize must be >= 256 but is " + vocabSize);
        }
        reset();
        List<int[]> words = new ArrayList<>();
        for (String chunk : split(corpus)) {
            words.add(toIds(chunk));
        }
        while (vocabSize() < vocabSize) {
            TreeMap<Long, Integer> counts = new TreeMap<>();
            for (int[] w : words) {
                for (int i = 0; i + 1 < w.length; i++) {
                    counts.merge(((long) w[i] << 32) | w[i + 1], 1, Integer::sum);
                }
            }
            if (counts.isEmpty()) {
                return;
            }
            int top = counts.values().stream().max(Integer::compare).orElseThrow();
            long pair = counts.entrySet().stream().filter(e -> e.getValue() == top).findFirst().orElseThrow().getKey();
            Merge m = new Merge((int) (pair >>> 32), (int) pair, vocabSize());
            learned.add(m);
            byte[] a = bytesOf.get(m.left());
            byte[] b = bytesOf.get(m.right());
            byte[] ab = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, ab, a.length, b.length);
            bytesOf.add(ab);
            words.replaceAll(w -> apply(w, m));
        }
    }

    @Override
    public int[] encode(String text) {
        List<Integer> out = new ArrayList<>();
        for (String chunk : split(text)) {
            int[] ids = toIds(chunk);
            for (Merge m : learned) {
                ids = apply(ids, m);
            }
            for (int id : ids) {
                out.add(id);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String decode(int[] ids) {
        int total = 0;
        for (int id : ids) {
            total += tokenBytes(id).length;
        }
        byte[] all = new byte[total];
        int at = 0;
        for (int id : ids) {
            byte[] b = bytesOf.get(id);
            System.arraycopy(b, 0, all, at, b.length);
            at += b.length;
        }
        return new String(all, StandardCharsets.UTF_8);
    }

    @Override
    public List<Merge> merges() {
        return new ArrayList<>(learned);
    }

    @Override
    public int vocabSize() {
        return bytesOf.size();
    }

    @Override
    public byte[] tokenBytes(int id) {
        if (id < 0 || id >= bytesOf.size()) {
            throw new IllegalArgumentException("unknown token id " + id + " (the vocabulary has " + bytesOf.size()
                    + " tokens)");
        }
        return bytesOf.get(id).clone();
    }

    private static int[] apply(int[] ids, Merge m) {
        int[] out = new int[ids.length];
        int n = 0;
        for (int i = 0; i < ids.length; i++) {
            if (i + 1 < ids.length && ids[i] == m.left() && ids[i + 1] == m.right()) {
                out[n++] = m.token();
                i++;
            } else {
                out[n++] = ids[i];
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static int[] toIds(String chunk) {
        byte[] b = chunk.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            ids[i] = Byte.toUnsignedInt(b[i]);
        }
        return ids;
    }

    private static List<String> split(String text) {
        List<String> chunks = new ArrayList<>();
        Matcher m = Pattern.compile(CHUNK_PATTERN).matcher(text);
        while (m.find()) {
            chunks.add(m.group());
        }
        return chunks;
    }
}
