package dev.llmf.reference.backend;

import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TransformerBlock;
import dev.llmf.reference.ReferenceEmbeddings;

import java.util.List;

/**
 * A mini-GPT on the CPU. The weights are packed for the matmul kernel once ({@link WeightPacks}); the activations
 * live in a few buffers ({@link Activations}) that every step and every pass reuses, and the next run after this one
 * closes. LayerNorm's rows go to a buffer of their own, packed for the kernel ({@link PackedRows}); the other products
 * read their left-hand side where it lies, or from that buffer packed on one thread, where that pays
 * ({@link CpuMatmul#packingPays}). GELU and the residual additions are done while a block of the product is still in
 * the cache, and attention by blocks of queries ({@link CpuAttention}).
 *
 * <p>Buffers are padded to whole kernel tiles: rows to a multiple of {@link CpuMatmul#MR}, widths to whole panels.
 */
final class CpuModelRun implements ModelRun<CpuModelRun.Rows> {

    /** {@code count} rows of activations, {@code ld} apart, from the start of {@code data}. */
    record Rows(float[] data, int count, int ld) {
    }

    /** One block's weights: packed products and LayerNorm parameters. */
    private record Layer(float[] ln1Gamma, float[] ln1Beta, PackedMatrix qkv, PackedMatrix wo,
                         float[] ln2Gamma, float[] ln2Beta, PackedMatrix w1, PackedMatrix w2) {
    }

    private static final float EPS = TransformerBlock.LAYER_NORM_EPSILON;

    private final LanguageModel.Config config;
    private final int capacity;
    private final int d;
    private final int dp;                       // d in whole panels
    private final int hiddenWidth;              // the feed-forward's width (4·d)
    private final int hp;
    private final int heads;
    private final int dh;
    private final float scale;
    private final Tensor tokenEmbedding;
    private final float[] positions;            // [·, d] rows added to the token vectors, or null (RoPE)
    private final float[] ropeCos;              // [capacity, dh/2], or null
    private final float[] ropeSin;
    private final List<Layer> layers;
    private final float[] finalGamma;
    private final float[] finalBeta;
    private final PackedMatrix output;          // tokenEmbeddingᵀ
    private final KeyValueCache[] caches;       // one per layer, or one shared by all (no cache kept)

    private final Activations buffers;
    private final float[] x;
    private final float[] qkv;
    private final float[] attended;
    private final float[] hiddenRows;
    private final float[] normalized;           // a product's left-hand side packed: LayerNorm's rows, heads, hidden
    private boolean closed;

    CpuModelRun(LanguageModel.Weights weights, int capacity, boolean cache) {
        BackendChecks.requireModelShapes(weights);
        this.config = weights.config();
        this.capacity = capacity;
        d = config.dModel();
        dp = PackedMatrix.padded(d);
        hiddenWidth = config.layers() == 0 ? 0 : weights.blocks().getFirst().w1().size(1);
        hp = PackedMatrix.padded(hiddenWidth);
        heads = config.heads();
        dh = d / heads;
        scale = (float) (1.0 / Math.sqrt(dh));
        tokenEmbedding = weights.tokenEmbedding().contiguous();
        positions = switch (config.positional()) {
            case LEARNED -> weights.positionTable().contiguous().toArray();
            case SINUSOIDAL -> PositionTables.sinusoidal(capacity, d);
            case ROPE -> null;
        };
        boolean rope = config.positional() == LanguageModel.Positional.ROPE;
        ropeCos = rope ? PositionTables.rope(capacity, dh, true) : null;
        ropeSin = rope ? PositionTables.rope(capacity, dh, false) : null;
        layers = weights.blocks().stream().map(b -> new Layer(array(b.ln1Gamma()), array(b.ln1Beta()),
                WeightPacks.queriesKeysValues(b.attention()), WeightPacks.of(b.attention().wo()),
                array(b.ln2Gamma()), array(b.ln2Beta()), WeightPacks.of(b.w1()), WeightPacks.of(b.w2()))).toList();
        finalGamma = array(weights.finalGamma());
        finalBeta = array(weights.finalBeta());
        output = WeightPacks.transposed(weights.tokenEmbedding());
        buffers = Activations.take(capacity, dp, hp, Math.max(d, hiddenWidth), heads, dh);
        x = buffers.x;
        qkv = buffers.qkv;
        attended = buffers.attended;
        hiddenRows = buffers.hidden;
        normalized = buffers.normalized;
        if (cache) {
            caches = new KeyValueCache[Math.max(1, config.layers())];
            for (int l = 0; l < caches.length; l++) {
                caches[l] = new KeyValueCache(heads, dh, dh, capacity);
            }
        } else {
            caches = new KeyValueCache[] {buffers.keysValues};
        }
    }

    private static float[] array(Tensor t) {
        return t.contiguous().toArray();
    }

    @Override
    public LanguageModel.Config config() {
        return config;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public Rows embed(int[] ids, int start) {
        ReferenceEmbeddings.requireIds(ids, config.vocabSize());
        if (start < 0 || start + ids.length > capacity) {
            throw new IllegalArgumentException("positions " + start + ".." + (start + ids.length - 1)
                    + " are outside this run's " + capacity);
        }
        float[] table = tokenEmbedding.data();
        int base = tokenEmbedding.offset();
        for (int i = 0; i < ids.length; i++) {
            System.arraycopy(table, base + ids[i] * d, x, i * dp, d);
            if (positions != null) {
                CpuRows.addInto(x, i * dp, positions, (start + i) * d, d);
            }
        }
        return new Rows(x, ids.length, dp);
    }

    @Override
    public Rows queriesKeysValues(Rows x, int layer) {
        Layer w = layers.get(layer);
        LeftOperand rows = CpuMatmul.normalizeRows(x.data(), 0, x.ld(), x.count(), d, w.ln1Gamma(), w.ln1Beta(), EPS,
                normalized, true);
        CpuMatmul.product(rows, x.count(), d, w.qkv(), qkv, 0, 3 * dp, CpuMatmul.Epilogue.NONE);
        return new Rows(qkv, x.count(), 3 * dp);
    }

    @Override
    public Rows attend(Rows qkv, int layer, int start) {
        int n = qkv.count();
        if (ropeCos != null) {                      // queries and keys: 2·heads slices of dh side by side
            CpuAttention.rotate(qkv.data(), 0, qkv.ld(), n, start, heads, dh, ropeCos, ropeSin);
            CpuAttention.rotate(qkv.data(), dp, qkv.ld(), n, start, heads, dh, ropeCos, ropeSin);
        }
        KeyValueCache cache = caches[caches.length == 1 ? 0 : layer];
        cache.store(qkv.data(), dp, qkv.ld(), qkv.data(), 2 * dp, qkv.ld(), n, start);
        CpuAttention.attend(new RowMajor(qkv.data(), 0, qkv.ld()), n, start, cache, start + n, true, scale,
                new RowMajor(attended, 0, dp), null);
        return new Rows(attended, n, dp);
    }

    @Override
    public void addAttentionOutput(Rows heads, int layer, Rows x) {
        // the queries, keys and values are used up (the keys and values are in the cache): the product goes there
        // before it is added to x
        LeftOperand rows = CpuMatmul.left(heads.data(), 0, heads.ld(), heads.count(), d, d, normalized);
        CpuMatmul.product(rows, heads.count(), d, layers.get(layer).wo(), qkv, 0, dp,
                CpuMatmul.Epilogue.addInto(x.data(), 0, x.ld()));
    }

    @Override
    public Rows feedForwardHidden(Rows x, int layer) {
        // LayerNorm's rows go to the queries' buffer (used up), so that where the second product reads the hidden
        // layer packed, GELU's epilogue packs it into `normalized` block by block instead of a pass of its own
        Layer w = layers.get(layer);
        LeftOperand rows = CpuMatmul.normalizeRows(x.data(), 0, x.ld(), x.count(), d, w.ln2Gamma(), w.ln2Beta(), EPS,
                qkv, true);
        CpuMatmul.Epilogue gelu = packsHidden(x.count())
                ? CpuMatmul.Epilogue.geluPacked(new PackedRows(normalized, hiddenWidth)) : CpuMatmul.Epilogue.GELU;
        CpuMatmul.product(rows, x.count(), d, w.w1(), hiddenRows, 0, hp, gelu);
        return new Rows(hiddenRows, x.count(), hp);
    }

    private boolean packsHidden(int rows) {
        return CpuMatmul.packingPays(rows, d);
    }

    @Override
    public void addFeedForwardOutput(Rows hidden, int layer, Rows x) {
        LeftOperand rows = packsHidden(hidden.count()) ? new PackedRows(normalized, hiddenWidth)
                : new RowMajor(hidden.data(), 0, hidden.ld());
        // the heads' buffer is free again: the product goes there before it is added to x
        CpuMatmul.product(rows, hidden.count(), hiddenWidth, layers.get(layer).w2(), attended, 0, dp,
                CpuMatmul.Epilogue.addInto(x.data(), 0, x.ld()));
    }

    @Override
    public Rows logits(Rows x, int fromRow) {
        int rows = x.count() - fromRow;
        int ldc = PackedMatrix.padded(config.vocabSize());
        LeftOperand normalizedRows = CpuMatmul.normalizeRows(x.data(), fromRow * x.ld(), x.ld(), rows, d, finalGamma,
                finalBeta, EPS, normalized, true);
        float[] out = new float[CpuMatmul.tiles(rows) * CpuMatmul.MR * ldc];
        CpuMatmul.product(normalizedRows, rows, d, output, out, 0, ldc, CpuMatmul.Epilogue.NONE);
        return new Rows(out, rows, ldc);
    }

    @Override
    public Tensor read(Rows logits) {
        int vocab = config.vocabSize();
        return Tensor.of(CpuMatmul.unpadded(logits.data(), logits.ld(), logits.count(), vocab), logits.count(), vocab);
    }

    /** Gives the activation buffers back for the next run; closing twice gives them back once. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            buffers.release();
        }
    }
}
