package dev.llmf.exercises.embeddings;

import dev.llmf.contract.Embeddings;
import dev.llmf.contract.Tensor;

import java.util.Arrays;

/** A correct solution written differently: everything goes through double[][] matrices read with get2. */
public class PositionalEmbeddings implements Embeddings {

    @Override
    public Tensor lookup(Tensor table, int[] ids) {
        double[][] rows = new double[ids.length][];
        for (int t = 0; t < ids.length; t++) {
            if (ids[t] < 0 || ids[t] >= table.size(0)) {
                throw new IllegalArgumentException("id " + ids[t] + " at position " + t + " is outside V = "
                        + table.size(0));
            }
            rows[t] = row(table, ids[t]);
        }
        return matrix(rows, table.size(1));
    }

    @Override
    public Tensor sinusoidal(int positions, int dim) {
        if (positions < 0) {
            throw new IllegalArgumentException("negative positions: " + positions);
        }
        double[][] pe = new double[positions][dim];
        for (int pos = 0; pos < positions; pos++) {
            for (int i = 0; 2 * i < dim; i++) {
                double angle = pos / Math.pow(BASE, 2.0 * i / dim);
                pe[pos][2 * i] = Math.sin(angle);
                if (2 * i + 1 < dim) {
                    pe[pos][2 * i + 1] = Math.cos(angle);
                }
            }
        }
        return matrix(pe, dim);
    }

    @Override
    public Tensor addPositions(Tensor tokens, Tensor positionTable) {
        if (tokens.size(1) != positionTable.size(1) || positionTable.size(0) < tokens.size(0)) {
            throw new IllegalArgumentException("cannot add a " + Arrays.toString(positionTable.shape())
                    + " position table to " + Arrays.toString(tokens.shape()) + " tokens");
        }
        double[][] sum = new double[tokens.size(0)][];
        for (int t = 0; t < sum.length; t++) {
            double[] a = row(tokens, t);
            double[] b = row(positionTable, t);
            for (int c = 0; c < a.length; c++) {
                a[c] += b[c];
            }
            sum[t] = a;
        }
        return matrix(sum, tokens.size(1));
    }

    @Override
    public Tensor rotary(Tensor x) {
        int d = x.size(1);
        if (d % 2 != 0) {
            throw new IllegalArgumentException("RoPE rotates pairs: width " + d + " is odd");
        }
        double[][] out = new double[x.size(0)][];
        for (int t = 0; t < out.length; t++) {
            double[] r = row(x, t);
            for (int i = 0; i < d / 2; i++) {
                double theta = Math.pow(BASE, -2.0 * i / d);
                double c = Math.cos(t * theta), s = Math.sin(t * theta);
                double even = r[2 * i], odd = r[2 * i + 1];
                r[2 * i] = even * c - odd * s;
                r[2 * i + 1] = even * s + odd * c;
            }
            out[t] = r;
        }
        return matrix(out, d);
    }

    private static double[] row(Tensor m, int i) {
        double[] r = new double[m.size(1)];
        for (int c = 0; c < r.length; c++) {
            r[c] = m.get2(i, c);
        }
        return r;
    }

    private static Tensor matrix(double[][] rows, int width) {
        Tensor out = Tensor.zeros(rows.length, width);
        for (int i = 0; i < rows.length; i++) {
            for (int c = 0; c < width; c++) {
                out.set2(i, c, (float) rows[i][c]);
            }
        }
        return out;
    }
}
