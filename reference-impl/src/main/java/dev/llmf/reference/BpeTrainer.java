package dev.llmf.reference;

import dev.llmf.contract.Tokenizer.Merge;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Learns BPE merges with incremental pair counts: each distinct chunk is stored once with its frequency, a pair
 * remembers which chunks hold it, and a priority queue (count descending, then the smaller pair) finds the next
 * merge. A merge only re-counts the chunks that contain it, so training time grows with the corpus, not with
 * corpus × merges.
 */
final class BpeTrainer {

    private final int[][] words;        // each distinct chunk as token ids
    private final int[] lengths;        // live length of each word
    private final long[] frequency;     // how often each chunk occurs in the corpus
    private final Map<Long, Long> counts = new HashMap<>();
    private final Map<Long, BitSet> holders = new HashMap<>();
    private final PriorityQueue<long[]> queue = new PriorityQueue<>(BpeTrainer::byCountThenPair);

    BpeTrainer(Map<String, Long> chunkFrequencies, java.util.function.Function<String, int[]> toBytes) {
        int n = chunkFrequencies.size();
        words = new int[n][];
        lengths = new int[n];
        frequency = new long[n];
        int w = 0;
        for (Map.Entry<String, Long> e : chunkFrequencies.entrySet()) {
            words[w] = toBytes.apply(e.getKey());
            lengths[w] = words[w].length;
            frequency[w] = e.getValue();
            countPairs(w, +1);
            w++;
        }
        counts.forEach((pair, count) -> queue.add(new long[] {count, pair}));
    }

    /** Learns up to {@code maxMerges} merges, numbering new tokens from {@code firstId}. */
    List<Merge> train(int maxMerges, int firstId) {
        List<Merge> merges = new ArrayList<>();
        while (merges.size() < maxMerges) {
            long[] top = queue.poll();
            if (top == null) {
                break;                                  // no pair left anywhere
            }
            long pair = top[1];
            long current = counts.getOrDefault(pair, 0L);
            if (current != top[0] || current <= 0) {
                continue;                               // a stale queue entry: the count has changed since
            }
            int token = firstId + merges.size();
            merges.add(new Merge(left(pair), right(pair), token));
            apply(pair, token);
        }
        return merges;
    }

    private void apply(long pair, int token) {
        BitSet holding = holders.remove(pair);
        for (int w = holding.nextSetBit(0); w >= 0; w = holding.nextSetBit(w + 1)) {
            if (!contains(w, pair)) {
                continue;                               // this chunk lost the pair to an earlier merge
            }
            countPairs(w, -1);
            lengths[w] = MergeRanks.mergeInPlace(words[w], lengths[w], left(pair), right(pair), token);
            countPairs(w, +1);
        }
        counts.remove(pair);
    }

    private boolean contains(int w, long pair) {
        int[] ids = words[w];
        for (int i = 0; i + 1 < lengths[w]; i++) {
            if (key(ids[i], ids[i + 1]) == pair) {
                return true;
            }
        }
        return false;
    }

    // Adds (sign +1) or removes (sign -1) every adjacent pair of word w, weighted by its frequency.
    private void countPairs(int w, int sign) {
        int[] ids = words[w];
        for (int i = 0; i + 1 < lengths[w]; i++) {
            long pair = key(ids[i], ids[i + 1]);
            long updated = counts.merge(pair, sign * frequency[w], Long::sum);
            if (sign > 0) {
                holders.computeIfAbsent(pair, p -> new BitSet()).set(w);
            }
            if (updated > 0) {
                queue.add(new long[] {updated, pair});  // the old entry for this pair is now stale
            }
        }
    }

    private static int byCountThenPair(long[] a, long[] b) {
        int byCount = Long.compare(b[0], a[0]);
        return byCount != 0 ? byCount : Long.compare(a[1], b[1]);
    }

    static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xffffffffL);
    }

    static int left(long key) {
        return (int) (key >>> 32);
    }

    static int right(long key) {
        return (int) key;
    }
}
