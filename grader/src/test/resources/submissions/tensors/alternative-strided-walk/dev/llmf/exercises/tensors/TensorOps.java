package dev.llmf.exercises.tensors;

import dev.llmf.contract.Tensor;
import dev.llmf.contract.TensorMath;

import java.util.Arrays;

/**
 * A correct solution written differently: walks each input's buffer directly with its offset and strides (the
 * "fast code" way the Tensor Javadoc mentions) and writes results into fresh buffers.
 */
public class TensorOps implements TensorMath {

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        if (a.rank() != 2 || b.rank() != 2 || a.size(1) != b.size(0)) {
            throw new IllegalArgumentException("shapes " + Arrays.toString(a.shape()) + " and "
                    + Arrays.toString(b.shape()) + " cannot be multiplied");
        }
        float[] da = a.data(), db = b.data();
        int[] sa = a.strides(), sb = b.strides();
        int m = a.size(0), k = a.size(1), n = b.size(1);
        float[] out = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                int pa = a.offset() + i * sa[0];
                int pb = b.offset() + j * sb[1];
                for (int p = 0; p < k; p++, pa += sa[1], pb += sb[0]) {
                    sum += da[pa] * db[pb];
                }
                out[i * n + j] = sum;
            }
        }
        return Tensor.of(out, m, n);
    }

    @Override
    public Tensor transpose(Tensor a) {
        a.requireRank("a", 2);
        return a.transpose(0, 1).copy();
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException("add: " + Arrays.toString(a.shape()) + " vs " + Arrays.toString(b.shape()));
        }
        Tensor out = Tensor.zeros(a.shape());
        int[] index = new int[a.rank()];
        float[] o = out.data();
        for (int flat = 0; flat < o.length; flat++) {
            o[flat] = a.get(index) + b.get(index);
            for (int d = index.length - 1; d >= 0 && ++index[d] == a.size(d); d--) {
                index[d] = 0;
            }
        }
        return out;
    }

    @Override
    public Tensor softmax(Tensor x) {
        Tensor out = x.copy();            // a new contiguous buffer, so rows are consecutive
        float[] v = out.data();
        int width = x.size(-1);
        for (int start = 0; width > 0 && start < v.length; start += width) {
            float max = v[start];
            for (int i = start + 1; i < start + width; i++) {
                if (v[i] > max) {
                    max = v[i];
                }
            }
            float sum = 0f;
            for (int i = start; i < start + width; i++) {
                v[i] = (float) Math.exp(v[i] - max);
                sum += v[i];
            }
            for (int i = start; i < start + width; i++) {
                v[i] /= sum;
            }
        }
        return out;
    }
}
