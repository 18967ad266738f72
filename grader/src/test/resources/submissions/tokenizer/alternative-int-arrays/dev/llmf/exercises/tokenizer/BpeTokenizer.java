package dev.llmf.exercises.tokenizer;

import dev.llmf.contract.Tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A correct solution written differently: chunks are linked lists of ids merged in place, the merge table maps a
 * pair's packed key to its merge, and a token's bytes are built recursively from its two parts when asked.
 */
public class BpeTokenizer implements Tokenizer {

    private static final Pattern CHUNKS = Pattern.compile(Tokenizer.CHUNK_PATTERN);

    private final List<Merge> merges = new ArrayList<>();
    private final Map<Long, Merge> byPair = new HashMap<>();

    @Override
    public void train(String corpus, int vocabSize) {
        if (vocabSize < 256) {
            throw new IllegalArgumentException("a vocabulary needs at least the 256 bytes, not " + vocabSize);
        }
        merges.clear();
        byPair.clear();
        List<LinkedList<Integer>> chunks = new ArrayList<>();
        Matcher m = CHUNKS.matcher(corpus);
        while (m.find()) {
            chunks.add(bytes(m.group()));
        }
        for (int token = 256; token < vocabSize; token++) {
            Map<Long, Integer> counts = new HashMap<>();
            for (LinkedList<Integer> c : chunks) {
                Integer previous = null;
                for (Integer id : c) {
                    if (previous != null) {
                        counts.merge(key(previous, id), 1, Integer::sum);
                    }
                    previous = id;
                }
            }
            long best = Long.MAX_VALUE;
            int most = 0;
            for (Map.Entry<Long, Integer> e : counts.entrySet()) {
                if (e.getValue() > most || e.getValue() == most && e.getKey() < best) {
                    most = e.getValue();
                    best = e.getKey();
                }
            }
            if (most == 0) {
                break;
            }
            Merge merge = new Merge((int) (best >> 32), (int) (best & 0xFFFFFFFFL), token);
            merges.add(merge);
            byPair.put(best, merge);
            for (LinkedList<Integer> c : chunks) {
                mergeAll(c, merge);
            }
        }
    }

    @Override
    public int[] encode(String text) {
        List<Integer> ids = new ArrayList<>();
        Matcher m = CHUNKS.matcher(text);
        while (m.find()) {
            LinkedList<Integer> chunk = bytes(m.group());
            while (true) {
                Merge first = null;
                Integer previous = null;
                for (Integer id : chunk) {
                    Merge candidate = previous == null ? null : byPair.get(key(previous, id));
                    if (candidate != null && (first == null || candidate.token() < first.token())) {
                        first = candidate;
                    }
                    previous = id;
                }
                if (first == null) {
                    break;
                }
                mergeAll(chunk, first);
            }
            ids.addAll(chunk);
        }
        int[] out = new int[ids.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.get(i);
        }
        return out;
    }

    @Override
    public String decode(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id : ids) {
            out.writeBytes(tokenBytes(id));
        }
        return out.toString(StandardCharsets.UTF_8);
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
        if (id < 0 || id >= vocabSize()) {
            throw new IllegalArgumentException("id " + id + " is not a token (0.." + (vocabSize() - 1) + ")");
        }
        if (id < 256) {
            return new byte[] {(byte) id};
        }
        Merge m = merges.get(id - 256);
        byte[] left = tokenBytes(m.left());
        byte[] right = tokenBytes(m.right());
        byte[] both = new byte[left.length + right.length];
        System.arraycopy(left, 0, both, 0, left.length);
        System.arraycopy(right, 0, both, left.length, right.length);
        return both;
    }

    private static void mergeAll(LinkedList<Integer> chunk, Merge merge) {
        var it = chunk.listIterator();
        while (it.hasNext()) {
            int id = it.next();
            if (id == merge.left() && it.hasNext()) {
                int next = it.next();
                if (next == merge.right()) {
                    it.remove();
                    it.previous();
                    it.set(merge.token());
                    it.next();
                } else {
                    it.previous();
                }
            }
        }
    }

    private static LinkedList<Integer> bytes(String chunk) {
        LinkedList<Integer> ids = new LinkedList<>();
        for (byte b : chunk.getBytes(StandardCharsets.UTF_8)) {
            ids.add(b & 0xFF);
        }
        return ids;
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | right;
    }
}
