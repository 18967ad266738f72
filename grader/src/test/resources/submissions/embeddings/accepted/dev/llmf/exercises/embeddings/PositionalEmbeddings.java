package dev.llmf.exercises.embeddings;

import dev.llmf.contract.Embeddings;
import dev.llmf.contract.Tensor;

import java.util.Arrays;

/** Exercise 3: lookup, sinusoidal and learned positions, RoPE. */
public class PositionalEmbeddings implements Embeddings {

    public PositionalEmbeddings() {
    }

    @Override
    public Tensor lookup(Tensor table, int[] ids) {
        table.requireRank("table", 2);
        int vocab = table.size(0);
        int d = table.size(1);
        Tensor out = Tensor.zeros(ids.length, d);
        for (int t = 0; t < ids.length; t++) {
            if (ids[t] < 0 || ids[t] >= vocab) {
                throw new IllegalArgumentException("id " + ids[t] + " is outside the vocabulary of V = " + vocab);
            }
            for (int c = 0; c < d; c++) {
                out.set2(t, c, table.get2(ids[t], c));
            }
        }
        return out;
    }

    @Override
    public Tensor sinusoidal(int positions, int dim) {
        Tensor out = Tensor.zeros(positions, dim);
        for (int pos = 0; pos < positions; pos++) {
            for (int c = 0; c < dim; c++) {
                int i = c / 2;
                double angle = pos / Math.pow(BASE, 2.0 * i / dim);
                out.set2(pos, c, (float) (c % 2 == 0 ? Math.sin(angle) : Math.cos(angle)));
            }
        }
        return out;
    }

    @Override
    public Tensor addPositions(Tensor tokens, Tensor positionTable) {
        int t = tokens.size(0);
        int d = tokens.size(1);
        if (positionTable.size(1) != d || positionTable.size(0) < t) {
            throw new IllegalArgumentException("position table " + Arrays.toString(positionTable.shape())
                    + " does not fit tokens " + Arrays.toString(tokens.shape()));
        }
        Tensor out = Tensor.zeros(t, d);
        for (int r = 0; r < t; r++) {
            for (int c = 0; c < d; c++) {
                out.set2(r, c, tokens.get2(r, c) + positionTable.get2(r, c));
            }
        }
        return out;
    }

    @Override
    public Tensor rotary(Tensor x) {
        int length = x.size(0);
        int d = x.size(1);
        if (d % 2 != 0) {
            throw new IllegalArgumentException("rotary needs an even width, got " + Arrays.toString(x.shape()));
        }
        Tensor out = Tensor.zeros(length, d);
        for (int t = 0; t < length; t++) {
            for (int i = 0; i < d / 2; i++) {
                double angle = t * Math.pow(BASE, -2.0 * i / d);
                double cos = Math.cos(angle);
                double sin = Math.sin(angle);
                double a = x.get2(t, 2 * i);
                double b = x.get2(t, 2 * i + 1);
                out.set2(t, 2 * i, (float) (a * cos - b * sin));
                out.set2(t, 2 * i + 1, (float) (a * sin + b * cos));
            }
        }
        return out;
    }
}
