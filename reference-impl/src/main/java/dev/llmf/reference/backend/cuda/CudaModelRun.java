package dev.llmf.reference.backend.cuda;

import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TransformerBlock;
import dev.llmf.reference.ReferenceEmbeddings;
import dev.llmf.reference.backend.ModelRun;

/**
 * A mini-GPT on the device: every activation stays in device memory from the token ids to the logits, for a batch
 * of sequences of one length. Per pass of {@code n} tokens per sequence ({@code rows = batch·n}):
 *
 * <pre>
 *   x = tok[ids] + pos                                  [rows, d]   (RoPE: no position vector)
 *   per layer:  h = LN1(x);  qkv = h · [wq|wk|wv]       [rows, 3d]  (RoPE rotates q and k in place)
 *               a = causal attention per head           [rows, d]
 *               x += a · wo                             (the residual is the product's accumulate, beta = 1)
 *               h = LN2(x);  f = GELU(h · w1)           [rows, 4d]
 *               x += f · w2
 *   logits = LN_f(x) · tokᵀ                             [rows, V]
 * </pre>
 *
 * With a cache (one sequence), each layer's q|k|v rows are also kept at their positions ({@code [capacity, 3d]}),
 * and a pass is either a whole sequence from position 0 or one token after the cached ones. Work is queued on the
 * device's stream; {@link #read} waits for it. Each step holds the device while it queues its work.
 */
final class CudaModelRun implements ModelRun<CudaModelRun.Rows> {

    /** {@code count} rows of activations on the device, {@code ld} floats apart, from {@code pointer}. */
    record Rows(long pointer, int count, int ld) {
    }

    private final DeviceOps ops;
    private final DeviceWeights w;
    private final DeviceArena arena;
    private final boolean ownsArena;
    private final LanguageModel.Config config;
    private final int batch;
    private final int capacity;
    private final int d;
    private final int heads;
    private final int hiddenWidth;
    private final long ids;
    private final long x;
    private final long normalized;
    private final long qkv;
    private final long attended;
    private final long hiddenRows;
    private final long scores;
    private final long[] cache;                 // per layer [capacity, 3d], or null
    private DeviceBuffer logits;

    /**
     * A run over weights already on the device, with its buffers in {@code arena}: the caller closes the arena, or
     * with {@code ownsArena} this run does when it closes (weights included).
     */
    CudaModelRun(DeviceOps ops, DeviceWeights w, DeviceArena arena, boolean ownsArena, int batch, int capacity,
                 boolean keepCache) {
        if (keepCache && batch != 1) {
            throw new IllegalArgumentException("a key/value cache holds one sequence, not " + batch);
        }
        this.ops = ops;
        this.w = w;
        this.arena = arena;
        this.ownsArena = ownsArena;
        this.config = w.config;
        this.batch = batch;
        this.capacity = capacity;
        d = config.dModel();
        heads = config.heads();
        hiddenWidth = w.hidden;
        long rows = Math.multiplyExact((long) batch, capacity);
        ids = arena.allocate(rows).pointer();
        x = arena.allocate(rows * d).pointer();                                 // the residual stream
        normalized = arena.allocate(rows * d).pointer();                        // LayerNorm output
        qkv = arena.allocate(rows * 3 * d).pointer();
        attended = arena.allocate(rows * d).pointer();
        hiddenRows = arena.allocate(rows * hiddenWidth).pointer();
        scores = arena.allocate((long) heads * capacity * capacity).pointer();   // one sequence's [H, T, T]
        cache = keepCache ? new long[config.layers()] : null;
        for (int l = 0; keepCache && l < cache.length; l++) {
            cache[l] = arena.allocate((long) capacity * 3 * d).pointer();
        }
    }

    @Override
    public LanguageModel.Config config() {
        return config;
    }

    @Override
    public int capacity() {
        return capacity;
    }

    /** {@code tokens}: the batch's sequences of n tokens, one after the other. */
    @Override
    public Rows embed(int[] tokens, int start) {
        ReferenceEmbeddings.requireIds(tokens, config.vocabSize());
        int n = tokens.length / batch;
        if (tokens.length % batch != 0 || start < 0 || start + n > capacity) {
            throw new IllegalArgumentException(tokens.length + " ids at position " + start + " do not fit a run of "
                    + batch + " × " + capacity + " positions");
        }
        return ops.exclusive(() -> {
            ops.write(ids, tokens);
            long positions = w.positions == null ? 0 : w.positions.pointer() + 4L * start * d;
            ops.embed(ids, w.tokenEmbedding.pointer(), positions, x, tokens.length, n, d);
            return new Rows(x, tokens.length, d);
        });
    }

    @Override
    public Rows queriesKeysValues(Rows x, int layer) {
        DeviceWeights.Layer l = w.layers.get(layer);
        return ops.exclusive(() -> {
            ops.layerNorm(x.pointer(), normalized, l.ln1Gamma().pointer(), l.ln1Beta().pointer(), x.count(), d,
                    TransformerBlock.LAYER_NORM_EPSILON);
            ops.matmul(normalized, d, l.qkv().pointer(), 3 * d, false, qkv, 3 * d, x.count(), 3 * d, d, false);
            return new Rows(qkv, x.count(), 3 * d);
        });
    }

    @Override
    public Rows attend(Rows qkv, int layer, int start) {
        int n = qkv.count() / batch;
        return ops.exclusive(() -> {
            long rows = qkv.pointer();
            if (cache != null) {                        // keep q|k|v at their positions; attend from there
                rows = cache[layer] + 4L * start * 3 * d;
                ops.copy(rows, qkv.pointer(), (long) n * 3 * d);
            }
            if (w.ropeCos != null) {   // q and k are adjacent column blocks: rotate them as 2·heads heads
                int half = d / heads / 2;
                ops.rope(rows, qkv.count(), n, 3 * d, 2 * heads, d / heads, w.ropeCos.pointer() + 4L * start * half,
                        w.ropeSin.pointer() + 4L * start * half);
            }
            if (start == 0) {
                ops.causalAttention(rows, attended, scores, batch, n, d, heads);
            } else if (n == 1 && cache != null) {
                ops.attendOne(cache[layer], start, attended, scores, d, heads);
            } else {
                throw new IllegalArgumentException("a pass after cached positions runs one token, not " + n);
            }
            return new Rows(attended, qkv.count(), d);
        });
    }

    @Override
    public void addAttentionOutput(Rows heads, int layer, Rows x) {
        DeviceWeights.Layer l = w.layers.get(layer);
        ops.exclusive(() -> {
            ops.matmul(heads.pointer(), d, l.wo().pointer(), d, false, x.pointer(), d, x.count(), d, d, true);
            return null;
        });
    }

    @Override
    public Rows feedForwardHidden(Rows x, int layer) {
        DeviceWeights.Layer l = w.layers.get(layer);
        return ops.exclusive(() -> {
            ops.layerNorm(x.pointer(), normalized, l.ln2Gamma().pointer(), l.ln2Beta().pointer(), x.count(), d,
                    TransformerBlock.LAYER_NORM_EPSILON);
            ops.matmul(normalized, d, l.w1().pointer(), hiddenWidth, false, hiddenRows, hiddenWidth, x.count(), hiddenWidth,
                    d, false);
            ops.gelu(hiddenRows, hiddenRows, (long) x.count() * hiddenWidth);
            return new Rows(hiddenRows, x.count(), hiddenWidth);
        });
    }

    @Override
    public void addFeedForwardOutput(Rows hidden, int layer, Rows x) {
        DeviceWeights.Layer l = w.layers.get(layer);
        ops.exclusive(() -> {
            ops.matmul(hidden.pointer(), hiddenWidth, l.w2().pointer(), d, false, x.pointer(), d, x.count(), d,
                    hiddenWidth, true);
            return null;
        });
    }

    /** With a batch, every row ({@code fromRow} 0); with one sequence, its rows from {@code fromRow} on. */
    @Override
    public Rows logits(Rows x, int fromRow) {
        if (fromRow != 0 && batch != 1) {
            throw new IllegalArgumentException("a batch gives the logits of every row");
        }
        int rows = x.count() - fromRow;
        int vocab = config.vocabSize();
        return ops.exclusive(() -> {
            long needed = (long) rows * vocab;
            if (logits == null || logits.elements() < needed) {
                if (logits != null) {
                    logits.close();                     // the arena frees it again harmlessly
                }
                logits = arena.allocate(needed);
            }
            ops.layerNorm(x.pointer() + 4L * fromRow * d, normalized, w.finalGamma.pointer(), w.finalBeta.pointer(),
                    rows, d, TransformerBlock.LAYER_NORM_EPSILON);
            ops.matmul(normalized, d, w.tokenEmbedding.pointer(), d, true, logits.pointer(), vocab, rows, vocab, d,
                    false);
            return new Rows(logits.pointer(), rows, vocab);
        });
    }

    @Override
    public Tensor read(Rows logits) {
        int elements = Math.multiplyExact(logits.count(), logits.ld());
        return Tensor.of(ops.exclusive(() -> ops.download(logits.pointer(), elements)), logits.count(), logits.ld());
    }

    @Override
    public void close() {
        if (ownsArena) {
            ops.exclusive(() -> {
                arena.close();
                return null;
            });
        }
    }
}
