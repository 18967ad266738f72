package dev.llmf.reference;

import dev.llmf.contract.Tokenizer.Merge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges in priority order (earliest learned first) and the encoding loop that applies them to one chunk. Shared by
 * {@link ReferenceTokenizer} (merges it learned) and {@link RankedBpe} (merges derived from a GPT-2 rank table).
 */
final class MergeRanks {

    private final List<Merge> merges = new ArrayList<>();
    private final Map<Long, Integer> rankOfPair = new HashMap<>();     // (left, right) → index in merges

    MergeRanks() {
    }

    MergeRanks(List<Merge> merges) {
        merges.forEach(this::add);
    }

    /** Appends a merge with the lowest priority so far; a pair that is already known keeps its earlier rank. */
    void add(Merge merge) {
        rankOfPair.putIfAbsent(BpeTrainer.key(merge.left(), merge.right()), merges.size());
        merges.add(merge);
    }

    /**
     * While some adjacent pair of {@code ids[0..length)} has a merge, merges the earliest-learned one everywhere
     * (left to right, see {@link #mergeInPlace}); returns the new length.
     */
    int apply(int[] ids, int length) {
        while (length >= 2) {
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
        return length;
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
}
