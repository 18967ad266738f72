package dev.llmf.exercises.tensors;

import dev.llmf.contract.Tensor;
import dev.llmf.contract.TensorMath;

import java.util.Arrays;

/** Exercise 1: the four tensor operations, with plain loops. */
public class TensorOps implements TensorMath {

    public TensorOps() {
    }

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        if (a.rank() != 2 || b.rank() != 2 || a.size(1) != b.size(0)) {
            throw new IllegalArgumentException("cannot multiply " + Arrays.toString(a.shape()) + " by "
                    + Arrays.toString(b.shape()) + ": both must be 2-D with matching inner sizes");
        }
        int m = a.size(0);
        int k = a.size(1);
        int n = b.size(1);
        Tensor c = Tensor.zeros(m, n);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0;
                for (int p = 0; p < k; p++) {
                    sum += a.get2(i, p) * b.get2(p, j);
                }
                c.set2(i, j, sum);
            }
        }
        return c;
    }

    @Override
    public Tensor transpose(Tensor a) {
        a.requireRank("transpose input", 2);
        int m = a.size(0);
        int n = a.size(1);
        Tensor out = Tensor.zeros(n, m);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                out.set2(j, i, a.get2(i, j));
            }
        }
        return out;
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException("cannot add shape " + Arrays.toString(a.shape()) + " and shape "
                    + Arrays.toString(b.shape()));
        }
        float[] x = a.toArray();
        float[] y = b.toArray();
        for (int i = 0; i < x.length; i++) {
            x[i] += y[i];
        }
        return Tensor.of(x, a.shape());
    }

    @Override
    public Tensor softmax(Tensor x) {
        float[] values = x.toArray();
        int width = x.size(-1);
        if (width == 0) {
            return Tensor.of(values, x.shape());
        }
        for (int start = 0; start < values.length; start += width) {
            float max = Float.NEGATIVE_INFINITY;
            for (int i = start; i < start + width; i++) {
                max = Math.max(max, values[i]);
            }
            double sum = 0;
            for (int i = start; i < start + width; i++) {
                values[i] = (float) Math.exp(values[i] - max);
                sum += values[i];
            }
            for (int i = start; i < start + width; i++) {
                values[i] = (float) (values[i] / sum);
            }
        }
        return Tensor.of(values, x.shape());
    }
}
