package dev.llmf.reference.backend.cuda;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CUDA device emulated in Java, so the host side of the CUDA backend runs without a GPU: every allocation is its
 * own array (an access past its end fails, as an out-of-bounds kernel would), products follow cuBLAS's
 * column-major rules and reject the leading dimensions cuBLAS rejects, and each launch's argument types must match
 * the kernel's parameter list parsed from its {@code .cu} file. The kernels are re-stated in Java from the
 * {@code .cu} files: this checks what the host code asks for (pointers, strides, layouts, argument order), not the
 * CUDA C itself, which only a GPU can run.
 */
final class EmulatedDevice implements DeviceRuntime {

    private static final Pattern SIGNATURE =
            Pattern.compile("extern\\s+\"C\"\\s+__global__\\s+void\\s+(\\w+)\\s*\\(([^)]*)\\)");

    private final TreeMap<Long, float[]> blocks = new TreeMap<>();
    private final Map<String, List<KernelArg.Type>> signatures = parseSignatures();
    private long next = 0x7000_0000_0000L;
    private int launches;
    private int products;

    int liveAllocations() {
        return blocks.size();
    }

    int launches() {
        return launches;
    }

    int products() {
        return products;
    }

    /** Parameter types of every kernel, read from the .cu files. */
    static Map<String, List<KernelArg.Type>> parseSignatures() {
        Map<String, List<KernelArg.Type>> out = new HashMap<>();
        for (String file : KernelSources.ENTRY_POINTS.keySet()) {
            Matcher m = SIGNATURE.matcher(KernelSources.read(file));
            while (m.find()) {
                List<KernelArg.Type> types = new ArrayList<>();
                for (String parameter : m.group(2).split(",")) {
                    String p = parameter.strip();
                    types.add(p.contains("*") ? KernelArg.Type.POINTER : p.startsWith("long long") ? KernelArg.Type.LONG
                            : p.startsWith("int") ? KernelArg.Type.INT : p.startsWith("float") ? KernelArg.Type.FLOAT
                            : null);
                }
                out.put(m.group(1), types);
            }
        }
        return out;
    }

    // ---- memory ----

    @Override
    public long allocate(long bytes) {
        long pointer = next;
        blocks.put(pointer, new float[Math.toIntExact((bytes + 3) / 4)]);
        next += (bytes + 4095) / 4096 * 4096 + 4096;   // a gap: one allocation never runs into the next
        return pointer;
    }

    @Override
    public void free(long pointer) {
        if (blocks.remove(pointer) == null) {
            throw new IllegalStateException("free of " + Long.toHexString(pointer) + ", which is not allocated");
        }
    }

    /** The array holding {@code pointer} and the index of that float in it. */
    private record At(float[] block, int index) {
        float get(long i) {
            return block[Math.toIntExact(index + i)];
        }

        void set(long i, float v) {
            block[Math.toIntExact(index + i)] = v;
        }
    }

    private At at(long pointer) {
        Map.Entry<Long, float[]> e = blocks.floorEntry(pointer);
        if (e == null || (pointer - e.getKey()) % 4 != 0 || (pointer - e.getKey()) / 4 > e.getValue().length) {
            throw new IllegalStateException("pointer " + Long.toHexString(pointer) + " is not in an allocation");
        }
        return new At(e.getValue(), (int) ((pointer - e.getKey()) / 4));
    }

    @Override
    public void makeCurrent() {
    }

    @Override
    public void copyToDevice(long device, float[] host, int from, long count) {
        At to = at(device);
        for (int i = 0; i < count; i++) {
            to.set(i, host[from + i]);
        }
    }

    @Override
    public void copyToDevice(long device, int[] host) {
        At to = at(device);
        for (int i = 0; i < host.length; i++) {
            to.set(i, Float.intBitsToFloat(host[i]));
        }
    }

    @Override
    public void copyToHost(float[] host, long device) {
        At from = at(device);
        for (int i = 0; i < host.length; i++) {
            host[i] = from.get(i);
        }
    }

    @Override
    public void copyOnDevice(long target, long source, long bytes) {
        At to = at(target);
        At from = at(source);
        for (long i = 0; i < bytes / 4; i++) {
            to.set(i, from.get(i));
        }
    }

    @Override
    public void synchronize() {
    }

    // ---- products, as cuBLAS defines them (column-major) ----

    @Override
    public void sgemm(boolean tf32, int opA, int opB, int m, int n, int k, long a, int lda, long b, int ldb,
                      boolean accumulate, long c, int ldc) {
        products++;
        checkLeadingDimensions(opA, opB, m, n, k, lda, ldb, ldc);
        gemm(tf32, opA, opB, m, n, k, at(a), lda, at(b), ldb, accumulate, at(c), ldc);
    }

    @Override
    public void sgemmStridedBatched(boolean tf32, int opA, int opB, int m, int n, int k, long a, int lda,
                                    long strideA, long b, int ldb, long strideB, long c, int ldc, long strideC,
                                    int batch) {
        products++;
        checkLeadingDimensions(opA, opB, m, n, k, lda, ldb, ldc);
        for (int i = 0; i < batch; i++) {
            gemm(tf32, opA, opB, m, n, k, at(a + 4 * i * strideA), lda, at(b + 4 * i * strideB), ldb, false,
                    at(c + 4 * i * strideC), ldc);
        }
    }

    // cuBLAS answers CUBLAS_STATUS_INVALID_VALUE to these
    private static void checkLeadingDimensions(int opA, int opB, int m, int n, int k, int lda, int ldb, int ldc) {
        int rowsA = opA == Cublas.OP_N ? m : k;
        int rowsB = opB == Cublas.OP_N ? k : n;
        if (m < 0 || n < 0 || k < 0 || lda < Math.max(1, rowsA) || ldb < Math.max(1, rowsB) || ldc < Math.max(1, m)) {
            throw new IllegalStateException("cuBLAS would reject m=" + m + " n=" + n + " k=" + k + " lda=" + lda
                    + " ldb=" + ldb + " ldc=" + ldc + " (opA=" + opA + ", opB=" + opB + ")");
        }
    }

    private static void gemm(boolean tf32, int opA, int opB, int m, int n, int k, At a, int lda, At b, int ldb,
                             boolean accumulate, At c, int ldc) {
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < m; i++) {
                double sum = 0;
                for (int p = 0; p < k; p++) {
                    float av = opA == Cublas.OP_N ? a.get(i + (long) p * lda) : a.get(p + (long) i * lda);
                    float bv = opB == Cublas.OP_N ? b.get(p + (long) j * ldb) : b.get(j + (long) p * ldb);
                    sum += tf32 ? (double) toTf32(av) * toTf32(bv) : (double) av * bv;
                }
                long ci = i + (long) j * ldc;
                c.set(ci, (float) (sum + (accumulate ? c.get(ci) : 0)));
            }
        }
    }

    /** A float rounded to TF32's 10-bit mantissa (to nearest), as tensor cores read their inputs. */
    static float toTf32(float x) {
        return Float.intBitsToFloat((Float.floatToRawIntBits(x) + 0x1000) & 0xFFFF_E000);
    }

    // ---- kernels, re-stated from the .cu files ----

    @Override
    public void launch(String kernel, long blocks, int threads, KernelArg... args) {
        launches++;
        List<KernelArg.Type> expected = signatures.get(kernel);
        List<KernelArg.Type> actual = java.util.Arrays.stream(args).map(KernelArg::type).toList();
        if (!actual.equals(expected)) {
            throw new IllegalStateException(kernel + " takes " + expected + " but was launched with " + actual);
        }
        if (blocks <= 0 || threads < 32 || threads > 1024 || threads % 32 != 0) {
            throw new IllegalStateException(kernel + " launched on " + blocks + " blocks of " + threads + " threads");
        }
        switch (kernel) {
            case "softmax_rows" -> softmaxRows(args, blocks);
            case "layer_norm_rows" -> layerNormRows(args, blocks);
            case "gelu_tanh" -> gelu(args);
            case "add_elementwise" -> add(args);
            case "embed_tokens" -> embed(args, blocks);
            case "rope_interleaved" -> rope(args);
            default -> throw new IllegalStateException("no emulation of " + kernel);
        }
    }

    private void softmaxRows(KernelArg[] args, long rows) {
        int width = args[1].asInt();
        int height = args[2].asInt();
        float scale = args[3].asFloat();
        boolean causal = args[4].asInt() != 0;
        for (long r = 0; r < rows; r++) {
            At row = at(args[0].bits() + 4 * r * width);
            int valid = causal ? (int) (r % height) + 1 : width;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < valid; j++) {
                max = Math.max(max, row.get(j));
            }
            float sum = 0;
            for (int j = 0; j < valid; j++) {
                float e = (float) Math.exp(row.get(j) * scale - max * scale);
                row.set(j, e);
                sum += e;
            }
            for (int j = 0; j < width; j++) {
                row.set(j, j < valid ? row.get(j) / sum : 0f);
            }
        }
    }

    private void layerNormRows(KernelArg[] args, long rows) {
        At gamma = at(args[2].bits());
        At beta = at(args[3].bits());
        int d = args[4].asInt();
        float eps = args[5].asFloat();
        for (long r = 0; r < rows; r++) {
            At in = at(args[0].bits() + 4 * r * d);
            At out = at(args[1].bits() + 4 * r * d);
            float sum = 0;
            for (int j = 0; j < d; j++) {
                sum += in.get(j);
            }
            float mean = sum / d;
            float squares = 0;
            for (int j = 0; j < d; j++) {
                squares += (in.get(j) - mean) * (in.get(j) - mean);
            }
            float inv = (float) (1.0 / Math.sqrt(squares / d + eps));
            for (int j = 0; j < d; j++) {
                out.set(j, (in.get(j) - mean) * inv * gamma.get(j) + beta.get(j));
            }
        }
    }

    private void gelu(KernelArg[] args) {
        At x = at(args[0].bits());
        At y = at(args[1].bits());
        for (long i = 0; i < args[2].bits(); i++) {
            float v = x.get(i);
            y.set(i, (float) (0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)))));
        }
    }

    private void add(KernelArg[] args) {
        At a = at(args[0].bits());
        At b = at(args[1].bits());
        At c = at(args[2].bits());
        for (long i = 0; i < args[3].bits(); i++) {
            c.set(i, a.get(i) + b.get(i));
        }
    }

    private void embed(KernelArg[] args, long rows) {
        At ids = at(args[0].bits());
        long positions = args[2].bits();
        int length = args[4].asInt();
        int d = args[5].asInt();
        for (long r = 0; r < rows; r++) {
            At token = at(args[1].bits() + 4L * Float.floatToRawIntBits(ids.get(r)) * d);
            At out = at(args[3].bits() + 4 * r * d);
            for (int j = 0; j < d; j++) {
                float p = positions == 0 ? 0f : at(positions + 4 * ((r % length) * d + j)).get(0);
                out.set(j, token.get(j) + p);
            }
        }
    }

    private void rope(KernelArg[] args) {
        long rows = args[1].bits();
        int length = args[2].asInt();
        int ld = args[3].asInt();
        int heads = args[4].asInt();
        int dh = args[5].asInt();
        At cos = at(args[6].bits());
        At sin = at(args[7].bits());
        int half = dh / 2;
        for (long r = 0; r < rows; r++) {
            int t = (int) (r % length);
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < half; i++) {
                    At pair = at(args[0].bits() + 4 * (r * ld + h * dh + 2 * i));
                    float x0 = pair.get(0);
                    float x1 = pair.get(1);
                    float c = cos.get(t * half + i);
                    float s = sin.get(t * half + i);
                    pair.set(0, x0 * c - x1 * s);
                    pair.set(1, x0 * s + x1 * c);
                }
            }
        }
    }
}
