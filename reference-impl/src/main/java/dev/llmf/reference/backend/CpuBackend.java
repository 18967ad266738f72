package dev.llmf.reference.backend;

import dev.llmf.contract.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The CPU backend: plain Java with the Vector API for the inner loops and the common fork-join pool for rows
 * when there is enough work. Each row kernel is a vector loop up to {@code loopBound} and a scalar tail.
 */
public final class CpuBackend implements ComputeBackend {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    // ~0.2 ms of one core: below that, handing rows to another thread costs more than it brings
    private static final long PARALLEL_ELEMENTS = 1L << 18;
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);

    @Override
    public String describe() {
        return "cpu (Vector API, " + L + " float lanes, " + Runtime.getRuntime().availableProcessors() + " threads)";
    }

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        BackendChecks.requireMultipliable(a, b);
        return CpuMatmul.multiply(a, b);
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        BackendChecks.requireSameShape("add", a, b);
        float[] x = a.contiguous().toArray();
        float[] y = b.contiguous().toArray();
        int bound = S.loopBound(x.length);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, x, i).add(FloatVector.fromArray(S, y, i)).intoArray(x, i);
        }
        for (; i < x.length; i++) {
            x[i] += y[i];
        }
        return Tensor.of(x, a.shape());
    }

    @Override
    public Tensor softmax(Tensor x, float scale, boolean causal) {
        int width = x.size(-1);
        int height = x.rank() >= 2 ? x.size(-2) : 1;
        BackendChecks.requireCausalSquare(x, causal);
        float[] data = x.contiguous().toArray();
        int rows = width == 0 ? 0 : data.length / width;
        forEachRow(rows, width, r -> {
            int valid = causal ? r % height + 1 : width;
            softmaxRow(data, r * width, valid, width, scale);
        });
        return Tensor.of(data, x.shape());
    }

    @Override
    public Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps) {
        int d = x.size(-1);
        BackendChecks.requireNormParameters(x, gamma, beta);
        float[] data = x.contiguous().toArray();
        float[] g = gamma.contiguous().toArray();
        float[] bt = beta.contiguous().toArray();
        int rows = d == 0 ? 0 : data.length / d;
        forEachRow(rows, d, r -> layerNormRow(data, r * d, d, g, bt, eps));
        return Tensor.of(data, x.shape());
    }

    @Override
    public Tensor gelu(Tensor x) {
        float[] data = x.contiguous().toArray();
        int bound = S.loopBound(data.length);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, data, i);
            FloatVector inner = v.mul(v).mul(v).mul(0.044715f).add(v).mul(SQRT_2_OVER_PI);
            v.mul(0.5f).mul(inner.lanewise(VectorOperators.TANH).add(1f)).intoArray(data, i);
        }
        for (; i < data.length; i++) {
            data[i] = gelu(data[i]);
        }
        return Tensor.of(data, x.shape());
    }

    /** Scalar GELU (tanh approximation), for tails and for readers. */
    static float gelu(float v) {
        return (float) (0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v))));
    }

    // softmax of row[start .. start+valid) · scale; entries valid..width-1 (masked) become 0.
    private static void softmaxRow(float[] d, int start, int valid, int width, float scale) {
        int end = start + valid;
        int bound = start + S.loopBound(valid);
        float max = Float.NEGATIVE_INFINITY;
        int i = start;
        if (bound > start) {
            FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (; i < bound; i += L) {
                m = m.max(FloatVector.fromArray(S, d, i));
            }
            max = m.reduceLanes(VectorOperators.MAX);
        }
        for (; i < end; i++) {
            max = Math.max(max, d[i]);
        }
        float shift = max * scale;
        float sum = 0;
        i = start;
        if (bound > start) {
            FloatVector acc = FloatVector.zero(S);
            for (; i < bound; i += L) {
                FloatVector e = FloatVector.fromArray(S, d, i).mul(scale).sub(shift).lanewise(VectorOperators.EXP);
                e.intoArray(d, i);
                acc = acc.add(e);
            }
            sum = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < end; i++) {
            d[i] = (float) Math.exp(d[i] * scale - shift);
            sum += d[i];
        }
        float inv = 1f / sum;
        i = start;
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, d, i).mul(inv).intoArray(d, i);
        }
        for (; i < end; i++) {
            d[i] *= inv;
        }
        Arrays.fill(d, end, start + width, 0f);
    }

    private static void layerNormRow(float[] d, int start, int n, float[] gamma, float[] beta, float eps) {
        int bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (; j < bound; j += L) {
            acc = acc.add(FloatVector.fromArray(S, d, start + j));
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            sum += d[start + j];
        }
        float mean = sum / n;
        acc = FloatVector.zero(S);
        for (j = 0; j < bound; j += L) {
            FloatVector c = FloatVector.fromArray(S, d, start + j).sub(mean);
            acc = c.fma(c, acc);
        }
        float squares = acc.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            float c = d[start + j] - mean;
            squares += c * c;
        }
        float inv = (float) (1.0 / Math.sqrt(squares / n + eps));
        for (j = 0; j < bound; j += L) {
            FloatVector normalized = FloatVector.fromArray(S, d, start + j).sub(mean).mul(inv);
            normalized.fma(FloatVector.fromArray(S, gamma, j), FloatVector.fromArray(S, beta, j))
                    .intoArray(d, start + j);
        }
        for (; j < n; j++) {
            d[start + j] = (d[start + j] - mean) * inv * gamma[j] + beta[j];
        }
    }

    private static void forEachRow(int rows, int width, IntConsumer rowTask) {
        forEach(rows, (long) rows * width >= PARALLEL_ELEMENTS, rowTask);
    }

    /**
     * Runs {@code task} for {@code 0 .. count-1}: in parallel when {@code parallel}, else as a plain loop on this
     * thread. In parallel, this thread and one helper per common-pool worker each claim the next index until none is
     * left, so the work stays balanced to one task even when a worker starts late or is busy elsewhere (a parallel
     * stream cuts the range into a few fixed pieces up front).
     */
    static void forEach(int count, boolean parallel, IntConsumer task) {
        int helpers = parallel ? Math.min(ForkJoinPool.getCommonPoolParallelism(), count - 1) : 0;
        if (helpers <= 0) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable claim = () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                task.accept(i);
            }
        };
        List<ForkJoinTask<?>> forked = new ArrayList<>(helpers);
        for (int h = 0; h < helpers; h++) {
            forked.add(ForkJoinTask.adapt(claim).fork());
        }
        claim.run();
        forked.forEach(ForkJoinTask::join);
    }
}
