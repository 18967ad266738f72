package dev.llmf.reference;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Tensor;
import dev.llmf.reference.backend.Backends;
import dev.llmf.reference.backend.ComputeBackend;

import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/** Scaled dot-product and multi-head self-attention on the compute backend. */
public final class ReferenceAttention implements Attention {

    private static final long PARALLEL_HEAD_WORK = 1L << 22;   // T²·d: about 2^24 flops of scores and mixing

    private final ComputeBackend backend;
    private final ReferenceEmbeddings embeddings;

    public ReferenceAttention() {
        this(Backends.current());
    }

    public ReferenceAttention(ComputeBackend backend) {
        this.backend = backend;
        this.embeddings = new ReferenceEmbeddings(backend);
    }

    @Override
    public Output scaledDotProduct(Tensor q, Tensor k, Tensor v, boolean causal) {
        q.requireRank("Q", 2);
        k.requireRank("K", 2);
        v.requireRank("V", 2);
        if (q.size(1) != k.size(1)) {
            throw new IllegalArgumentException("Q " + Arrays.toString(q.shape()) + " and K "
                    + Arrays.toString(k.shape()) + " must have the same width d_k");
        }
        if (k.size(0) != v.size(0)) {
            throw new IllegalArgumentException("K " + Arrays.toString(k.shape()) + " and V "
                    + Arrays.toString(v.shape()) + " must have the same number of rows");
        }
        if (causal && q.size(0) != k.size(0)) {
            throw new IllegalArgumentException("a causal mask needs as many queries as keys, but Q is "
                    + Arrays.toString(q.shape()) + " and K is " + Arrays.toString(k.shape()));
        }
        Tensor scores = backend.matmul(q, k.transpose(0, 1));                        // [T, S]
        Tensor weights = backend.softmax(scores, (float) (1.0 / Math.sqrt(q.size(1))), causal);
        return new Output(backend.matmul(weights, v), weights);                       // [T, d_v], [T, S]
    }

    @Override
    public Output multiHead(Tensor x, Weights w, Options options) {
        x.requireRank("x", 2);
        int length = x.size(0);
        int d = x.size(1);
        int heads = options.heads();
        if (d % heads != 0) {
            throw new IllegalArgumentException("d_model (" + d + ") must be divisible by heads (" + heads + ")");
        }
        w.wq().requireShape("wq", d, d);
        w.wk().requireShape("wk", d, d);
        w.wv().requireShape("wv", d, d);
        w.wo().requireShape("wo", d, d);
        int dh = d / heads;
        Tensor q = backend.matmul(x, w.wq());                                         // [T, d]
        Tensor k = backend.matmul(x, w.wk());
        Tensor v = backend.matmul(x, w.wv());
        Tensor concat = Tensor.zeros(length, d);
        Tensor allWeights = Tensor.zeros(heads, length, length);
        IntConsumer eachHead = h -> {
            Tensor qh = columns(q, h * dh, dh);                                       // [T, d_h] views
            Tensor kh = columns(k, h * dh, dh);
            if (options.rotary()) {
                qh = embeddings.rotary(qh);
                kh = embeddings.rotary(kh);
            }
            Output head = scaledDotProduct(qh, kh, columns(v, h * dh, dh), options.causal());
            float[] out = head.output().data();
            for (int t = 0; t < length; t++) {
                System.arraycopy(out, t * dh, concat.data(), t * d + h * dh, dh);
            }
            System.arraycopy(head.weights().data(), 0, allWeights.data(), h * length * length, length * length);
        };
        if ((long) length * length * d >= PARALLEL_HEAD_WORK) {
            IntStream.range(0, heads).parallel().forEach(eachHead);
        } else {
            for (int h = 0; h < heads; h++) {
                eachHead.accept(h);
            }
        }
        return new Output(backend.matmul(concat, w.wo()), allWeights);
    }

    /** Columns {@code [from, from + width)} of a 2-D tensor, as a view. */
    static Tensor columns(Tensor t, int from, int width) {
        return t.transpose(0, 1).rows(from, from + width).transpose(0, 1);
    }
}
