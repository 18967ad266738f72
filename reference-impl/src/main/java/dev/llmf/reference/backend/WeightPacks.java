package dev.llmf.reference.backend;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Tensor;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;

/**
 * Weight matrices packed for the CPU kernel once, and kept for as long as the weight tensor itself lives: a model
 * run many times (the grader's reference, a generation loop, the benchmark) packs each weight on its first use only.
 *
 * <p>Keys are the weight objects themselves ({@link Tensor} has identity equality; an {@link Attention.Weights}
 * record is equal to another exactly when it holds the same four tensor objects), held weakly, so a pack goes away
 * with its weights. Weights are treated as immutable: a tensor written in place after it was used as a weight is not
 * packed again — build a new tensor instead (every reference caller does).
 */
final class WeightPacks {

    private static final Map<Tensor, PackedMatrix> PLAIN = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Map<Tensor, PackedMatrix> TRANSPOSED = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Map<Attention.Weights, PackedMatrix> QKV = Collections.synchronizedMap(new WeakHashMap<>());

    private WeightPacks() {
    }

    /** {@code w [k, n]} packed as the right-hand side of a product. */
    static PackedMatrix of(Tensor w) {
        return cached(PLAIN, w, PackedMatrix::pack);
    }

    /** {@code wᵀ} packed as the right-hand side: the tied output projection {@code x · tokenEmbeddingᵀ}. */
    static PackedMatrix transposed(Tensor w) {
        return cached(TRANSPOSED, w, t -> PackedMatrix.pack(t.transpose(0, 1)));
    }

    /**
     * {@code [wq | wk | wv]} packed as one right-hand side {@code [d, 3·dp]}, each part padded to whole panels
     * ({@code dp = PackedMatrix.padded(d)}): one product gives queries, keys and values at columns 0, dp and 2·dp.
     */
    static PackedMatrix queriesKeysValues(Attention.Weights w) {
        return cached(QKV, w, weights -> {
            int d = weights.wq().size(0);
            int part = PackedMatrix.padded(weights.wq().size(1)) * d;
            float[] packed = new float[3 * part];
            PackedMatrix.packInto(weights.wq(), packed, 0);
            PackedMatrix.packInto(weights.wk(), packed, part);
            PackedMatrix.packInto(weights.wv(), packed, 2 * part);
            return new PackedMatrix(packed, 0, d * CpuMatmul.NR, d, 3 * PackedMatrix.padded(weights.wq().size(1)));
        });
    }

    // Packing outside the lock: two threads may pack the same weight at once, and one result wins; both are equal.
    private static <K> PackedMatrix cached(Map<K, PackedMatrix> cache, K key, Function<K, PackedMatrix> pack) {
        PackedMatrix packed = cache.get(key);
        if (packed == null) {
            packed = pack.apply(key);
            cache.put(key, packed);
        }
        return packed;
    }
}
