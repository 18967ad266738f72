package dev.llmf.grader.web.figures;

import dev.llmf.contract.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What differs between the learner's attention weights and the reference's ({@code [H, T, T]}), in words a learner
 * can check against the maps: how many later-token cells carry weight (the mask must make them 0), how many are
 * not numbers, and the one cell with the largest difference, which the maps outline.
 */
record AttentionFinding(int leaks, int invalid, Spot largest, float yours, float reference) {

    /** A cell of the maps: a head, a query row, a key column (all from 0). */
    record Spot(int head, int query, int key) {
    }

    static AttentionFinding of(Tensor reference, Tensor learner) {
        int heads = reference.size(0);
        int t = reference.size(1);
        int leaks = 0;
        int invalid = 0;
        Spot largest = null;
        double worst = -1;
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < t; j++) {
                    float w = learner.get(h, i, j);
                    if (!Float.isFinite(w)) {
                        invalid++;
                        continue;
                    }
                    if (j > i && w != 0f) {
                        leaks++;
                    }
                    double d = Math.abs((double) w - reference.get(h, i, j));
                    if (d > worst) {
                        worst = d;
                        largest = new Spot(h, i, j);
                    }
                }
            }
        }
        float yours = largest == null ? Float.NaN : learner.get(largest.head, largest.query, largest.key);
        float ref = largest == null ? Float.NaN : reference.get(largest.head, largest.query, largest.key);
        return new AttentionFinding(leaks, invalid, largest, yours, ref);
    }

    /** The sentences that say where the learner's maps differ, each pointing at how the maps mark it. */
    String describe(List<String> tokens) {
        List<String> parts = new ArrayList<>();
        if (leaks > 0) {
            parts.add(leaks + (leaks == 1 ? " cell for a later token carries" : " cells for later tokens carry")
                    + " weight (outlined in red): with the causal mask a token only sees itself and earlier tokens,"
                    + " so they must be 0.");
        }
        if (invalid > 0) {
            parts.add(invalid + (invalid == 1 ? " weight is" : " weights are") + " NaN or infinite (pink): a row's"
                    + " scores may all be −∞, or the exponentials overflowed — subtract each row's maximum before exp.");
        }
        if (largest != null) {
            parts.add(String.format(Locale.ROOT, "The largest difference is in head %d, where “%s” (row %d) looks at"
                            + " “%s” (column %d): yours %.3f, the reference's %.3f (outlined in amber).",
                    largest.head + 1, tokens.get(largest.query), largest.query + 1, tokens.get(largest.key),
                    largest.key + 1, yours, reference));
        }
        return String.join(" ", parts);
    }
}
