package dev.llmf.reference;

import dev.llmf.contract.Embeddings;
import dev.llmf.contract.Tensor;
import dev.llmf.reference.backend.Backends;
import dev.llmf.reference.backend.ComputeBackend;
import dev.llmf.reference.backend.PositionTables;

import java.util.Arrays;

/** Token lookup, sinusoidal and learned position tables, and RoPE, exactly as {@link Embeddings} states. */
public final class ReferenceEmbeddings implements Embeddings {

    private final ComputeBackend backend;

    public ReferenceEmbeddings() {
        this(Backends.current());
    }

    public ReferenceEmbeddings(ComputeBackend backend) {
        this.backend = backend;
    }

    @Override
    public Tensor lookup(Tensor table, int[] ids) {
        table.requireRank("embedding table", 2);
        int vocab = table.size(0);
        int d = table.size(1);
        requireIds(ids, vocab);
        Tensor out = Tensor.zeros(ids.length, d);
        for (int t = 0; t < ids.length; t++) {
            System.arraycopy(table.row(ids[t]).toArray(), 0, out.data(), t * d, d);
        }
        return out;
    }

    /** Throws, naming the first id outside {@code [0, vocab)} and its position; a GPU lookup checks the same way. */
    public static void requireIds(int[] ids, int vocab) {
        for (int t = 0; t < ids.length; t++) {
            if (ids[t] < 0 || ids[t] >= vocab) {
                throw new IllegalArgumentException("token id " + ids[t] + " at position " + t
                        + " is outside the vocabulary [0, " + vocab + ")");
            }
        }
    }

    @Override
    public Tensor sinusoidal(int positions, int dim) {
        if (positions < 0 || dim < 1) {
            throw new IllegalArgumentException("positions (" + positions + ") must be >= 0 and dim (" + dim
                    + ") >= 1");
        }
        float[] table = PositionTables.sinusoidal(positions, dim);
        return Tensor.of(Arrays.copyOf(table, positions * dim), positions, dim);
    }

    @Override
    public Tensor addPositions(Tensor tokens, Tensor positionTable) {
        tokens.requireRank("token vectors", 2);
        positionTable.requireRank("position table", 2);
        int length = tokens.size(0);
        if (positionTable.size(1) != tokens.size(1) || positionTable.size(0) < length) {
            throw new IllegalArgumentException("position table of shape " + Arrays.toString(positionTable.shape())
                    + " does not cover token vectors of shape " + Arrays.toString(tokens.shape())
                    + ": it needs at least " + length + " rows of width " + tokens.size(1));
        }
        return backend.add(tokens, positionTable.rows(0, length));
    }

    @Override
    public Tensor rotary(Tensor x) {
        x.requireRank("rotary input", 2);
        int length = x.size(0);
        int d = x.size(1);
        if (d % 2 != 0) {
            throw new IllegalArgumentException("RoPE needs an even width but x has shape "
                    + Arrays.toString(x.shape()));
        }
        float[] out = x.contiguous().toArray();
        for (int i = 0; i < d / 2; i++) {
            double theta = Math.pow(BASE, -2.0 * i / d);
            for (int t = 1; t < length; t++) {
                double angle = t * theta;
                float cos = (float) Math.cos(angle);
                float sin = (float) Math.sin(angle);
                int at = t * d + 2 * i;
                float x0 = out[at];
                float x1 = out[at + 1];
                out[at] = x0 * cos - x1 * sin;
                out[at + 1] = x0 * sin + x1 * cos;
            }
        }
        return Tensor.of(out, length, d);
    }
}
