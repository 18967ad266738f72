package dev.llmf.exercises.embeddings;

import dev.llmf.contract.Embeddings;
import dev.llmf.contract.Tensor;

import java.util.Arrays;

/** A correct solution written differently: rows are copied out with row(i).toArray(), tables built as flat arrays. */
public class PositionalEmbeddings implements Embeddings {

    @Override
    public Tensor lookup(Tensor table, int[] ids) {
        if (table.rank() != 2) {
            throw new IllegalArgumentException("the table must be [V, d], got " + Arrays.toString(table.shape()));
        }
        int v = table.size(0), d = table.size(1);
        float[] out = new float[ids.length * d];
        for (int t = 0; t < ids.length; t++) {
            int id = ids[t];
            if (id < 0 || id >= v) {
                throw new IllegalArgumentException("token id " + id + " is not in [0, " + v + ")");
            }
            System.arraycopy(table.row(id).toArray(), 0, out, t * d, d);
        }
        return Tensor.of(out, ids.length, d);
    }

    @Override
    public Tensor sinusoidal(int positions, int dim) {
        if (positions < 0 || dim < 1) {
            throw new IllegalArgumentException("sinusoidal(" + positions + ", " + dim + ")");
        }
        double[] inverseWavelength = new double[dim];
        for (int c = 0; c < dim; c++) {
            inverseWavelength[c] = 1.0 / Math.pow(BASE, (c - c % 2) / (double) dim);
        }
        float[] out = new float[positions * dim];
        for (int pos = 0; pos < positions; pos++) {
            for (int c = 0; c < dim; c++) {
                double angle = pos * inverseWavelength[c];
                out[pos * dim + c] = (float) ((c & 1) == 0 ? Math.sin(angle) : Math.cos(angle));
            }
        }
        return Tensor.of(out, positions, dim);
    }

    @Override
    public Tensor addPositions(Tensor tokens, Tensor positionTable) {
        int t = tokens.size(0), d = tokens.size(1);
        if (positionTable.size(1) != d) {
            throw new IllegalArgumentException("widths differ: " + d + " and " + positionTable.size(1));
        }
        if (positionTable.size(0) < t) {
            throw new IllegalArgumentException(t + " tokens but only " + positionTable.size(0) + " positions");
        }
        float[] x = tokens.toArray();
        float[] p = positionTable.rows(0, t).toArray();
        for (int i = 0; i < x.length; i++) {
            x[i] += p[i];
        }
        return Tensor.of(x, t, d);
    }

    @Override
    public Tensor rotary(Tensor x) {
        int length = x.size(0), d = x.size(1);
        if ((d & 1) == 1) {
            throw new IllegalArgumentException("odd width " + d);
        }
        float[] v = x.toArray();
        for (int t = 0; t < length; t++) {
            for (int i = 0; i < d / 2; i++) {
                double a = t * Math.exp(-2.0 * i / d * Math.log(BASE));
                int at = t * d + 2 * i;
                double x0 = v[at], x1 = v[at + 1];
                v[at] = (float) (x0 * Math.cos(a) - x1 * Math.sin(a));
                v[at + 1] = (float) (x0 * Math.sin(a) + x1 * Math.cos(a));
            }
        }
        return Tensor.of(v, length, d);
    }
}
