package dev.llmf.reference.backend.cuda;

import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TransformerBlock;
import dev.llmf.reference.backend.PositionTables;

import java.util.List;

/**
 * A mini-GPT's weights on the device, in the layout {@link CudaModelRun} wants: each layer's wq, wk, wv side by side
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
    final int hidden;                       // the feed-forward's width (4·d in the contract's models)
    final DeviceBuffer finalGamma;
    final DeviceBuffer finalBeta;

    private DeviceWeights(LanguageModel.Weights w, DeviceOps ops, DeviceArena arena) {
        config = w.config();
        int d = config.dModel();
        int context = config.contextLength();
        tokenEmbedding = ops.upload(arena, w.tokenEmbedding());
        positions = switch (config.positional()) {
            case LEARNED -> ops.upload(arena, w.positionTable());
            case SINUSOIDAL -> ops.upload(arena, PositionTables.sinusoidal(context, d));
            case ROPE -> null;
        };
        boolean rope = config.positional() == LanguageModel.Positional.ROPE;
        int dh = d / config.heads();
        ropeCos = rope ? ops.upload(arena, PositionTables.rope(context, dh, true)) : null;
        ropeSin = rope ? ops.upload(arena, PositionTables.rope(context, dh, false)) : null;
        layers = w.blocks().stream().map(b -> upload(b, d, ops, arena)).toList();
        hidden = w.blocks().isEmpty() ? 4 * d : w.blocks().getFirst().w1().size(1);
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
}
