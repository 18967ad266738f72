package dev.llmf.reference.backend.cuda;

import static dev.llmf.reference.backend.cuda.KernelArg.f32;
import static dev.llmf.reference.backend.cuda.KernelArg.i32;
import static dev.llmf.reference.backend.cuda.KernelArg.i64;
import static dev.llmf.reference.backend.cuda.KernelArg.pointer;

import dev.llmf.contract.Tensor;

import java.util.function.Supplier;

/**
 * The model's operations on device memory: row-major products through cuBLAS and the kernels of
 * {@link KernelSources}. Arguments are device pointers (from {@link DeviceBuffer#pointer()}/{@code at()}); work is
 * queued on the default stream, in order, and a copy to the host waits for it. Both the per-operation
 * {@link CudaBackend} and the device-resident {@link CudaModelRun} are built from these.
 */
public final class DeviceOps {

    private static final int ELEMENTWISE_THREADS = 256;
    private static final long MAX_ELEMENTWISE_BLOCKS = 65_535;   // the loops stride over the grid beyond this

    private final DeviceRuntime device;
    private final boolean tf32;

    /** Operations on {@code device}; with {@code tf32}, products use TF32 tensor cores (the fast mode). */
    public DeviceOps(CudaDevice device, boolean tf32) {
        this((DeviceRuntime) device, tf32);
    }

    DeviceOps(DeviceRuntime device, boolean tf32) {
        this.device = device;
        this.tf32 = tf32;
    }

    public boolean tf32() {
        return tf32;
    }

    /**
     * Runs {@code work} holding the device: one thread at a time (one cuBLAS handle, one stream), with the
     * context made current on this thread first (contexts are per thread, and callers may be pool threads).
     */
    public <T> T exclusive(Supplier<T> work) {
        synchronized (device) {
            device.makeCurrent();
            return work.get();
        }
    }

    /** {@link #exclusive} with an arena that frees everything {@code work} allocated on the device when it ends. */
    public <T> T inArena(java.util.function.Function<DeviceArena, T> work) {
        return exclusive(() -> {
            try (DeviceArena arena = arena()) {
                return work.apply(arena);
            }
        });
    }

    // ---- memory ----

    public DeviceArena arena() {
        return new DeviceArena(device);
    }

    /** A device copy of {@code t}'s elements in row-major order. */
    public DeviceBuffer upload(DeviceArena arena, Tensor t) {
        DeviceBuffer buffer = arena.allocate(t.numel());
        if (t.numel() > 0) {
            if (t.isContiguous()) {
                device.copyToDevice(buffer.pointer(), t.data(), t.offset(), t.numel());
            } else {
                device.copyToDevice(buffer.pointer(), t.toArray(), 0, t.numel());
            }
        }
        return buffer;
    }

    public DeviceBuffer upload(DeviceArena arena, float[] values) {
        return upload(arena, Tensor.of(values, values.length));
    }

    public DeviceBuffer upload(DeviceArena arena, int[] values) {
        DeviceBuffer buffer = arena.allocate(values.length);
        if (values.length > 0) {
            device.copyToDevice(buffer.pointer(), values);
        }
        return buffer;
    }

    /** The first {@code elements} floats of {@code buffer}, once all queued work is done. */
    public float[] download(DeviceBuffer buffer, int elements) {
        float[] host = new float[elements];
        if (elements > 0) {
            device.copyToHost(host, buffer.pointer());
        }
        return host;
    }

    /** Writes {@code values} to the device at {@code target} (room for {@code values.length} ints). */
    public void write(long target, int[] values) {
        if (values.length > 0) {
            device.copyToDevice(target, values);
        }
    }

    /** {@code elements} floats from {@code source}, once all queued work is done. */
    public float[] download(long source, int elements) {
        float[] host = new float[elements];
        if (elements > 0) {
            device.copyToHost(host, source);
        }
        return host;
    }

    public void copy(long target, long source, long elements) {
        device.copyOnDevice(target, source, 4 * elements);
    }

    /** Waits for all queued work (for timing; copies to the host wait anyway). */
    public void synchronize() {
        device.synchronize();
    }

    // ---- products ----

    /**
     * Row-major {@code C[m, n] = A[m, k] · B} (or {@code +=} with {@code accumulate}), where B is stored as
     * {@code [k, n]}, or as {@code [n, k]} when {@code bTransposed}; {@code lda}, {@code ldb}, {@code ldc} are the
     * row strides. cuBLAS is column-major and a row-major matrix read column-major is its transpose, so this asks
     * for {@code Cᵀ = Bᵀ · Aᵀ}: B first, then A, and m and n swapped.
     */
    public void matmul(long a, int lda, long b, int ldb, boolean bTransposed, long c, int ldc,
                       int m, int n, int k, boolean accumulate) {
        if (m == 0 || n == 0) {
            return;
        }
        device.sgemm(tf32, bTransposed ? Cublas.OP_T : Cublas.OP_N, Cublas.OP_N, n, m, k,
                b, ldb, a, lda, accumulate, c, ldc);
    }

    /**
     * Causal self-attention of one batch of {@code batch} sequences of {@code length} tokens, heads side by side:
     * {@code qkv [batch·length, 3d]} holds Q, K, V in column blocks of d, head h in columns {@code h·dh ..} of each;
     * the heads' outputs go to {@code out [batch·length, d]} in the same column order. Per sequence: one batched
     * product for all heads' scores {@code [heads, T, T]}, the fused masked softmax, one batched product with V.
     * {@code scores} needs {@code heads·length²} floats.
     */
    public void causalAttention(long qkv, long out, long scores, int batch, int length, int d, int heads) {
        int dh = d / heads;
        int ld = 3 * d;
        long square = (long) length * length;
        for (int b = 0; b < batch; b++) {
            long q = qkv + 4L * b * length * ld;
            long k = q + 4L * d;
            long v = q + 8L * d;
            // scores_h = Q_h · K_hᵀ  [T, T] per head  (column-major: S_hᵀ = K_h · Q_hᵀ)
            device.sgemmStridedBatched(tf32, Cublas.OP_T, Cublas.OP_N, length, length, dh,
                    k, ld, dh, q, ld, dh, scores, length, square, heads);
            softmaxRows(scores, (long) heads * length, length, length, (float) (1.0 / Math.sqrt(dh)), true);
            // out_h = P_h · V_h  [T, dh] into columns h·dh of out  (column-major: out_hᵀ = V_hᵀ · P_hᵀ)
            device.sgemmStridedBatched(tf32, Cublas.OP_N, Cublas.OP_N, dh, length, length,
                    v, ld, dh, scores, length, square, out + 4L * b * length * d, d, dh, heads);
        }
    }

    /**
     * Attention of the one query at {@code position} over positions {@code 0 .. position} of one sequence, whose
     * q|k|v rows are {@code cache [·, 3d]}; the heads' outputs go side by side to {@code out [1, d]}. {@code scores}
     * needs {@code heads·(position+1)} floats. (A decoding step: all cached keys are visible, so no mask.)
     */
    public void attendOne(long cache, int position, long out, long scores, int d, int heads) {
        int dh = d / heads;
        int ld = 3 * d;
        int keys = position + 1;
        long q = cache + 4L * position * ld;
        long k = cache + 4L * d;
        long v = cache + 8L * d;
        // scores_h = q_h · K_hᵀ  [1, keys] per head  (column-major: S_hᵀ = K_h · q_hᵀ)
        device.sgemmStridedBatched(tf32, Cublas.OP_T, Cublas.OP_N, keys, 1, dh, k, ld, dh, q, ld, dh, scores, keys,
                keys, heads);
        softmaxRows(scores, heads, keys, 1, (float) (1.0 / Math.sqrt(dh)), false);
        // out_h = P_h · V_h  [1, dh] into columns h·dh of out  (column-major: out_hᵀ = V_hᵀ · P_hᵀ)
        device.sgemmStridedBatched(tf32, Cublas.OP_N, Cublas.OP_N, dh, 1, keys, v, ld, dh, scores, keys, keys, out, d,
                dh, heads);
    }

    // ---- kernels ----

    /** Softmax of each row of {@code x · scale}, in place; causal: row r is row {@code r % height} of a square. */
    public void softmaxRows(long x, long rows, int width, int height, float scale, boolean causal) {
        device.launch("softmax_rows", rows, rowThreads(width), pointer(x), i32(width), i32(height), f32(scale),
                i32(causal ? 1 : 0));
    }

    public void layerNorm(long x, long y, long gamma, long beta, long rows, int d, float eps) {
        device.launch("layer_norm_rows", rows, rowThreads(d), pointer(x), pointer(y), pointer(gamma), pointer(beta),
                i32(d), f32(eps));
    }

    /** GELU (tanh form) of {@code n} floats; {@code y} may be {@code x}. */
    public void gelu(long x, long y, long n) {
        device.launch("gelu_tanh", elementwiseBlocks(n), ELEMENTWISE_THREADS, pointer(x), pointer(y), i64(n));
    }

    public void add(long a, long b, long c, long n) {
        device.launch("add_elementwise", elementwiseBlocks(n), ELEMENTWISE_THREADS, pointer(a), pointer(b), pointer(c),
                i64(n));
    }

    /** {@code out[r] = table[ids[r]] + positions[r % length]}; {@code positions} 0 adds nothing. */
    public void embed(long ids, long table, long positions, long out, long rows, int length, int d) {
        device.launch("embed_tokens", rows, rowThreads(d), pointer(ids), pointer(table), pointer(positions),
                pointer(out), i32(length), i32(d));
    }

    /** RoPE in place on {@code heads} slices of width {@code dh} of each row (stride {@code ld}) of x. */
    public void rope(long x, long rows, int length, int ld, int heads, int dh, long cosTable, long sinTable) {
        long pairs = rows * heads * (dh / 2);
        device.launch("rope_interleaved", elementwiseBlocks(pairs), ELEMENTWISE_THREADS, pointer(x), i64(rows),
                i32(length), i32(ld), i32(heads), i32(dh), pointer(cosTable), pointer(sinTable));
    }

    /** Threads for a one-block-per-row kernel: a multiple of 32 (the reductions need whole warps), at most 1024. */
    static int rowThreads(int width) {
        if (width >= 4096) {
            return 1024;
        }
        return Math.max(32, Math.min(256, (width + 31) / 32 * 32));
    }

    static long elementwiseBlocks(long n) {
        return Math.min(MAX_ELEMENTWISE_BLOCKS, (n + ELEMENTWISE_THREADS - 1) / ELEMENTWISE_THREADS);
    }
}
