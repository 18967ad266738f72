package dev.llmf.reference.backend;

import dev.llmf.contract.Attention;
import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

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
    public Tensor project(Tensor x, Tensor weight) {
        BackendChecks.requireMultipliable(x, weight);
        return CpuMatmul.multiply(x, WeightPacks.of(weight));
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        BackendChecks.requireSameShape("add", a, b);
        float[] x = a.contiguous().toArray();
        CpuRows.addInto(x, 0, b.contiguous().toArray(), 0, x.length);
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
            CpuRows.softmax(data, r * width, valid, width, scale);
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
        forEachRow(rows, d, r -> CpuRows.layerNorm(data, r * d, d, g, bt, eps));
        return Tensor.of(data, x.shape());
    }

    @Override
    public Tensor gelu(Tensor x) {
        float[] data = x.contiguous().toArray();
        CpuRows.gelu(data, 0, data.length);
        return Tensor.of(data, x.shape());
    }

    private static void forEachRow(int rows, int width, IntConsumer rowTask) {
        Workers.forEach(rows, (long) rows * width >= PARALLEL_ELEMENTS, rowTask);
    }

    @Override
    public Attention.Output attention(Tensor q, Tensor k, Tensor v, int heads, boolean causal, boolean keepWeights) {
        BackendChecks.requireAttentionShapes(q, k, v, heads, causal);
        int queries = q.size(0);
        int keys = k.size(0);
        int dk = q.size(1) / heads;
        int dv = v.size(1) / heads;
        float[] out = new float[queries * heads * dv];
        float[] weights = keepWeights ? new float[heads * queries * keys] : null;
        KeyValueCache cache = new KeyValueCache(heads, dk, dv, keys);
        cache.store(k.contiguous().toArray(), 0, heads * dk, v.contiguous().toArray(), 0, heads * dv, keys, 0);
        CpuAttention.attend(new RowMajor(q.contiguous().toArray(), 0, heads * dk), queries, 0, cache, keys,
                causal, (float) (1.0 / Math.sqrt(dk)), new RowMajor(out, 0, heads * dv), weights);
        return new Attention.Output(Tensor.of(out, queries, heads * dv),
                keepWeights ? Tensor.of(weights, heads, queries, keys) : null);
    }

    @Override
    public ModelRun<?> openModel(LanguageModel.Weights weights, int capacity, boolean cache) {
        return new CpuModelRun(weights, capacity, cache);
    }
}
