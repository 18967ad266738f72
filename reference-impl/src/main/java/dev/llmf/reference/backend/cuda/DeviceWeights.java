package dev.llmf.reference.backend.cuda;

import dev.llmf.contract.Embeddings;
import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TransformerBlock;
import dev.llmf.reference.ReferenceEmbeddings;
import dev.llmf.reference.backend.CpuBackend;

import java.util.List;

/**
 * A mini-GPT's weights on the device, in the layout {@link CudaForward} wants: each layer's wq, wk, wv side by side
 * as one {@code [d, 3d]} matrix (one product instead of three), the position table for the whole context (learned,
 * or the sinusoidal one computed on the host), and RoPE's cos/sin tables computed in double precision on the host as
 * the contract asks. The buffers belong to the arena given to {@link #upload}.
 */
public final class DeviceWeights {

    /** One block's weights on the device. */
    record Layer(DeviceBuffer ln1Gamma, DeviceBuffer ln1Beta, DeviceBuffer qkv, DeviceBuffer wo,
                 DeviceBuffer ln2Gamma, DeviceBuffer ln2Beta, DeviceBuffer w1, DeviceBuffer w2) {
    }

    final LanguageModel.Config config;
    final DeviceBuffer tokenEmbedding;      // [V, d]
    final DeviceBuffer positions;           // [contextLength, d], or null for RoPE
    final DeviceBuffer ropeCos;             // [contextLength, dh/2], or null
    final DeviceBuffer ropeSin;
    final List<Layer> layers;
    final DeviceBuffer finalGamma;
    final DeviceBuffer finalBeta;

    private DeviceWeights(LanguageModel.Weights w, DeviceOps ops, DeviceArena arena) {
        config = w.config();
        int d = config.dModel();
        int context = config.contextLength();
        tokenEmbedding = ops.upload(arena, w.tokenEmbedding());
        positions = switch (config.positional()) {
            case LEARNED -> ops.upload(arena, w.positionTable());
            case SINUSOIDAL -> ops.upload(arena, new ReferenceEmbeddings(new CpuBackend()).sinusoidal(context, d));
            case ROPE -> null;
        };
        boolean rope = config.positional() == LanguageModel.Positional.ROPE;
        int dh = d / config.heads();
        ropeCos = rope ? ops.upload(arena, ropeTable(context, dh, true)) : null;
        ropeSin = rope ? ops.upload(arena, ropeTable(context, dh, false)) : null;
        layers = w.blocks().stream().map(b -> upload(b, d, ops, arena)).toList();
        finalGamma = ops.upload(arena, w.finalGamma());
        finalBeta = ops.upload(arena, w.finalBeta());
    }

    /** Uploads {@code weights}; the device copies live until {@code arena} closes. */
    public static DeviceWeights upload(LanguageModel.Weights weights, DeviceOps ops, DeviceArena arena) {
        return new DeviceWeights(weights, ops, arena);
    }

    private static Layer upload(TransformerBlock.Weights b, int d, DeviceOps ops, DeviceArena arena) {
        Tensor qkv = Tensor.zeros(d, 3 * d);                                 // [wq | wk | wv]
        float[] out = qkv.data();
        Tensor[] parts = {b.attention().wq(), b.attention().wk(), b.attention().wv()};
        for (int p = 0; p < 3; p++) {
            for (int r = 0; r < d; r++) {
                System.arraycopy(parts[p].row(r).toArray(), 0, out, r * 3 * d + p * d, d);
            }
        }
        return new Layer(ops.upload(arena, b.ln1Gamma()), ops.upload(arena, b.ln1Beta()), ops.upload(arena, qkv),
                ops.upload(arena, b.attention().wo()), ops.upload(arena, b.ln2Gamma()), ops.upload(arena, b.ln2Beta()),
                ops.upload(arena, b.w1()), ops.upload(arena, b.w2()));
    }

    /** cos (or sin) of {@code t·BASE^(−2i/dh)} for t in [0, positions), i in [0, dh/2): exactly the CPU's angles. */
    static float[] ropeTable(int positions, int dh, boolean cos) {
        int half = dh / 2;
        float[] table = new float[positions * half];
        for (int i = 0; i < half; i++) {
            double theta = Math.pow(Embeddings.BASE, -2.0 * i / dh);
            for (int t = 0; t < positions; t++) {
                double angle = t * theta;
                table[t * half + i] = (float) (cos ? Math.cos(angle) : Math.sin(angle));
            }
        }
        return table;
    }
}
