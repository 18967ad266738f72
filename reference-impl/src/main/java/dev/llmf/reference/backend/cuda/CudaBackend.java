package dev.llmf.reference.backend.cuda;

import dev.llmf.contract.Attention;
import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Tensor;
import dev.llmf.reference.backend.BackendChecks;
import dev.llmf.reference.backend.ComputeBackend;
import dev.llmf.reference.backend.HeadByHeadAttention;
import dev.llmf.reference.backend.ModelRun;

import java.util.function.BiConsumer;

/**
 * The CUDA backend. {@link ComputeBackend}'s operations take and return host tensors, so each one copies its
 * inputs to the device, computes there and copies the result back (worth it for large products, not for small
 * element-wise work). A mini-GPT ({@link #openModel}) instead stays on the device from the token ids to the logits
 * ({@link CudaModelRun}); only the weights go up (once per run) and the logits come back.
 */
public final class CudaBackend implements ComputeBackend {

    private final String description;
    private final DeviceOps ops;

    /** The backend on {@code device}; {@code fast} selects TF32 tensor cores for the products. */
    public CudaBackend(CudaDevice device, boolean fast) {
        this(device, device.describe(), fast);
    }

    CudaBackend(DeviceRuntime device, String description, boolean fast) {
        this.description = description;
        this.ops = new DeviceOps(device, fast);
    }

    public DeviceOps ops() {
        return ops;
    }

    @Override
    public String describe() {
        return description + (ops.tf32() ? ", fast mode: TF32 products" : ", fp32");
    }

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        BackendChecks.requireMultipliable(a, b);
        int m = a.size(0);
        int k = a.size(1);
        int n = b.size(1);
        if (k == 0) {
            return Tensor.zeros(m, n);   // an empty sum; cuBLAS would reject the zero leading dimension
        }
        return ops.inArena(arena -> {
            DeviceBuffer c = arena.allocate((long) m * n);
            ops.matmul(ops.upload(arena, a).pointer(), k, ops.upload(arena, b).pointer(), n, false,
                    c.pointer(), n, m, n, k, false);
            return Tensor.of(ops.download(c, m * n), m, n);
        });
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        BackendChecks.requireSameShape("add", a, b);
        return inPlace(a, (arena, x) -> ops.add(x.pointer(), ops.upload(arena, b).pointer(), x.pointer(), x.elements()));
    }

    @Override
    public Tensor softmax(Tensor x, float scale, boolean causal) {
        BackendChecks.requireCausalSquare(x, causal);
        int width = x.size(-1);
        int height = x.rank() >= 2 ? x.size(-2) : 1;
        long rows = width == 0 ? 0 : x.numel() / width;
        return inPlace(x, (arena, buffer) -> ops.softmaxRows(buffer.pointer(), rows, width, height, scale, causal));
    }

    @Override
    public Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps) {
        BackendChecks.requireNormParameters(x, gamma, beta);
        int d = x.size(-1);
        long rows = d == 0 ? 0 : x.numel() / d;
        return inPlace(x, (arena, buffer) -> ops.layerNorm(buffer.pointer(), buffer.pointer(),
                ops.upload(arena, gamma).pointer(), ops.upload(arena, beta).pointer(), rows, d, eps));
    }

    @Override
    public Tensor gelu(Tensor x) {
        return inPlace(x, (arena, buffer) -> ops.gelu(buffer.pointer(), buffer.pointer(), buffer.elements()));
    }

    @Override
    public Attention.Output attention(Tensor q, Tensor k, Tensor v, int heads, boolean causal, boolean keepWeights) {
        return HeadByHeadAttention.attention(this, q, k, v, heads, causal, keepWeights);
    }

    /** The weights go up once, into an arena the run frees when it closes. */
    @Override
    public ModelRun<?> openModel(LanguageModel.Weights weights, int capacity, boolean cache) {
        BackendChecks.requireModelShapes(weights);
        return ops.exclusive(() -> {
            DeviceArena arena = ops.arena();
            try {
                return new CudaModelRun(ops, DeviceWeights.upload(weights, ops, arena), arena, true, 1, capacity,
                        cache);
            } catch (RuntimeException | Error e) {
                arena.close();
                throw e;
            }
        });
    }

    // Uploads x, runs `operation` on its device copy in place (with the arena for other inputs), downloads.
    private Tensor inPlace(Tensor x, BiConsumer<DeviceArena, DeviceBuffer> operation) {
        return ops.inArena(arena -> {
            DeviceBuffer buffer = ops.upload(arena, x);
            if (x.numel() > 0) {
                operation.accept(arena, buffer);
            }
            return Tensor.of(ops.download(buffer, x.numel()), x.shape());
        });
    }
}
