package dev.llmf.exercises.tensors;

import dev.llmf.contract.Tensor;
import dev.llmf.contract.TensorMath;

import java.util.Arrays;

/** A correct solution written differently: copy every input out with toArray(), then index flat arrays. */
public class TensorOps implements TensorMath {

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        int[] as = a.shape();
        int[] bs = b.shape();
        if (as.length != 2 || bs.length != 2) {
            throw new IllegalArgumentException("matmul needs two matrices, got " + Arrays.toString(as) + " and "
                    + Arrays.toString(bs));
        }
        if (as[1] != bs[0]) {
            throw new IllegalArgumentException("cannot multiply " + Arrays.toString(as) + " by " + Arrays.toString(bs));
        }
        float[] x = a.toArray();
        float[] y = b.toArray();
        int m = as[0], k = as[1], n = bs[1];
        float[] out = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                double left = x[i * k + p];
                for (int j = 0; j < n; j++) {
                    out[i * n + j] += (float) (left * y[p * n + j]);
                }
            }
        }
        return Tensor.of(out, m, n);
    }

    @Override
    public Tensor transpose(Tensor a) {
        if (a.rank() != 2) {
            throw new IllegalArgumentException("transpose needs a matrix, got " + Arrays.toString(a.shape()));
        }
        int m = a.size(0), n = a.size(1);
        float[] x = a.toArray();
        float[] out = new float[x.length];
        for (int idx = 0; idx < x.length; idx++) {
            int i = idx / n, j = idx % n;
            out[j * m + i] = x[idx];
        }
        return Tensor.of(out, n, m);
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(Arrays.toString(a.shape()) + " + " + Arrays.toString(b.shape())
                    + ": the shapes differ");
        }
        float[] x = a.toArray();
        float[] y = b.toArray();
        float[] out = new float[x.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[i] + y[i];
        }
        return Tensor.of(out, a.shape());
    }

    @Override
    public Tensor softmax(Tensor x) {
        float[] v = x.toArray();
        int width = x.shape()[x.rank() - 1];
        float[] out = new float[v.length];
        for (int row = 0; width > 0 && row < v.length / width; row++) {
            int from = row * width;
            double max = Arrays.stream(Arrays.copyOfRange(toDoubles(v), from, from + width)).max().orElseThrow();
            double total = 0;
            for (int i = from; i < from + width; i++) {
                total += Math.exp(v[i] - max);
            }
            for (int i = from; i < from + width; i++) {
                out[i] = (float) (Math.exp(v[i] - max) / total);
            }
        }
        return Tensor.of(out, x.shape());
    }

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
