package dev.llmf.exercises.tokenizer;

import dev.llmf.contract.Tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Exercise 2: byte-level BPE with plain lists and maps. */
public class BpeTokenizer implements Tokenizer {

    private static final Pattern CHUNKS = Pattern.compile(CHUNK_PATTERN);

    private record Pair(int left, int right) implements Comparable<Pair> {
        @Override
        public int compareTo(Pair other) {
            return left != other.left ? Integer.compare(left, other.left) : Integer.compare(right, other.right);
        }
    }

    private final List<Merge> merges = new ArrayList<>();
    private final Map<Pair, Integer> rank = new HashMap<>();     // pair -> index of its merge
    private final List<byte[]> vocab = new ArrayList<>();

    public BpeTokenizer() {
        resetVocabulary();
    }

    @Override
    public void train(String corpus, int vocabSize) {
        if (vocabSize < 256) {
            throw new IllegalArgumentException("vocabSize (" + vocabSize + ") must be at least 256");
        }
        merges.clear();
        rank.clear();
        resetVocabulary();
        List<List<Integer>> chunks = new ArrayList<>();
        for (String chunk : chunks(corpus)) {
            chunks.add(bytesOf(chunk));
        }
        while (256 + merges.size() < vocabSize) {
            Map<Pair, Integer> counts = new HashMap<>();
            for (List<Integer> ids : chunks) {
                for (int i = 0; i + 1 < ids.size(); i++) {
                    counts.merge(new Pair(ids.get(i), ids.get(i + 1)), 1, Integer::sum);
                }
            }
            Pair best = null;
            int bestCount = 0;
            for (Map.Entry<Pair, Integer> e : counts.entrySet()) {
                int count = e.getValue();
                if (count > bestCount || (count == bestCount && e.getKey().compareTo(best) > 0)) {
                    best = e.getKey();
                    bestCount = count;
                }
            }
            if (best == null) {
                break;
            }
            int token = 256 + merges.size();
            addMerge(new Merge(best.left(), best.right(), token));
            for (List<Integer> ids : chunks) {
                replace(ids, best.left(), best.right(), token);
            }
        }
    }

    @Override
    public int[] encode(String text) {
        List<Integer> out = new ArrayList<>();
        for (String chunk : chunks(text)) {
            List<Integer> ids = bytesOf(chunk);
            while (ids.size() >= 2) {
                int bestRank = Integer.MAX_VALUE;
                for (int i = 0; i + 1 < ids.size(); i++) {
                    Integer r = rank.get(new Pair(ids.get(i), ids.get(i + 1)));
                    if (r != null && r < bestRank) {
                        bestRank = r;
                    }
                }
                if (bestRank == Integer.MAX_VALUE) {
                    break;
                }
                Merge m = merges.get(bestRank);
                replace(ids, m.left(), m.right(), m.token());
            }
            out.addAll(ids);
        }
        int[] result = new int[out.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = out.get(i);
        }
        return result;
    }

    @Override
    public String decode(int[] ids) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : ids) {
            bytes.writeBytes(entry(id));
        }
        return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    }

    @Override
    public List<Merge> merges() {
        return List.copyOf(merges);
    }

    @Override
    public int vocabSize() {
        return 256 + merges.size();
    }

    @Override
    public byte[] tokenBytes(int id) {
        return entry(id).clone();
    }

    private byte[] entry(int id) {
        if (id < 0 || id >= vocab.size()) {
            throw new IllegalArgumentException("token id " + id + " is not in the vocabulary of " + vocab.size());
        }
        return vocab.get(id);
    }

    private void addMerge(Merge m) {
        rank.put(new Pair(m.left(), m.right()), merges.size());
        merges.add(m);
        byte[] left = vocab.get(m.left());
        byte[] right = vocab.get(m.right());
        byte[] both = new byte[left.length + right.length];
        System.arraycopy(left, 0, both, 0, left.length);
        System.arraycopy(right, 0, both, left.length, right.length);
        vocab.add(both);
    }

    private void resetVocabulary() {
        vocab.clear();
        for (int b = 0; b < 256; b++) {
            vocab.add(new byte[] {(byte) b});
        }
    }

    private static List<String> chunks(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = CHUNKS.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static List<Integer> bytesOf(String chunk) {
        List<Integer> ids = new ArrayList<>();
        for (byte b : chunk.getBytes(StandardCharsets.UTF_8)) {
            ids.add(b & 0xFF);
        }
        return ids;
    }

    private static void replace(List<Integer> ids, int left, int right, int token) {
        List<Integer> out = new ArrayList<>(ids.size());
        int i = 0;
        while (i < ids.size()) {
            if (i + 1 < ids.size() && ids.get(i) == left && ids.get(i + 1) == right) {
                out.add(token);
                i += 2;
            } else {
                out.add(ids.get(i));
                i++;
            }
        }
        ids.clear();
        ids.addAll(out);
    }
}
