package dev.llmf.reference.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * The CPU's row kernels — softmax, LayerNorm, GELU, add — on a stretch of a float array, shared by the per-operation
 * backend and the fused model code so that both compute the same bits. Each is a vector loop up to
 * {@code loopBound} and a scalar tail (softmax: a masked last vector).
 */
final class CpuRows {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);

    private CpuRows() {
    }

    /**
     * Softmax of {@code d[start .. start+valid)·scale} in place; entries {@code valid .. width-1} become 0. The last
     * partial vector is done by masked vector operations, not a scalar loop: with a causal mask most rows end in one,
     * and a scalar {@code Math.exp} per entry there cost as much as the whole vector part.
     */
    static void softmax(float[] d, int start, int valid, int width, float scale) {
        int end = start + valid;
        int bound = start + S.loopBound(valid);
        VectorMask<Float> tail = S.indexInRange(bound, end);
        FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int i = start; i < bound; i += L) {
            m = m.max(FloatVector.fromArray(S, d, i));
        }
        if (bound < end) {
            m = m.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, d, bound, tail), tail);
        }
        float max = m.reduceLanes(VectorOperators.MAX);
        float shift = max * scale;
        FloatVector acc = FloatVector.zero(S);
        for (int i = start; i < bound; i += L) {
            FloatVector e = FloatVector.fromArray(S, d, i).mul(scale).sub(shift).lanewise(VectorOperators.EXP);
            e.intoArray(d, i);
            acc = acc.add(e);
        }
        if (bound < end) {
            FloatVector e = FloatVector.fromArray(S, d, bound, tail).mul(scale).sub(shift)
                    .lanewise(VectorOperators.EXP);
            e.intoArray(d, bound, tail);
            acc = acc.lanewise(VectorOperators.ADD, e, tail);
        }
        float inv = 1f / acc.reduceLanes(VectorOperators.ADD);
        for (int i = start; i < bound; i += L) {
            FloatVector.fromArray(S, d, i).mul(inv).intoArray(d, i);
        }
        if (bound < end) {
            FloatVector.fromArray(S, d, bound, tail).mul(inv).intoArray(d, bound, tail);
        }
        Arrays.fill(d, end, start + width, 0f);
    }

    /** LayerNorm of {@code d[start .. start+n)} in place: {@code (x − μ) / √(σ² + eps) · gamma + beta}. */
    static void layerNorm(float[] d, int start, int n, float[] gamma, float[] beta, float eps) {
        int bound = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (; j < bound; j += L) {
            acc = acc.add(FloatVector.fromArray(S, d, start + j));
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            sum += d[start + j];
        }
        float mean = sum / n;
        acc = FloatVector.zero(S);
        for (j = 0; j < bound; j += L) {
            FloatVector c = FloatVector.fromArray(S, d, start + j).sub(mean);
            acc = c.fma(c, acc);
        }
        float squares = acc.reduceLanes(VectorOperators.ADD);
        for (; j < n; j++) {
            float c = d[start + j] - mean;
            squares += c * c;
        }
        float inv = (float) (1.0 / Math.sqrt(squares / n + eps));
        for (j = 0; j < bound; j += L) {
            FloatVector normalized = FloatVector.fromArray(S, d, start + j).sub(mean).mul(inv);
            normalized.fma(FloatVector.fromArray(S, gamma, j), FloatVector.fromArray(S, beta, j))
                    .intoArray(d, start + j);
        }
        for (; j < n; j++) {
            d[start + j] = (d[start + j] - mean) * inv * gamma[j] + beta[j];
        }
    }

    /**
     * GELU (tanh form) of {@code d[from .. to)} in place. The vector loop uses {@code 0.5·(1 + tanh(u)) = 1 / (1 +
     * exp(−2u))}: the same function with one exponential, which is faster than the vector tanh and has no
     * cancellation in {@code 1 + tanh(u)} where u is very negative.
     */
    static void gelu(float[] d, int from, int to) {
        int bound = from + S.loopBound(to - from);
        int i = from;
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(S, d, i);
            FloatVector minusTwoU = v.mul(v).mul(v).mul(0.044715f).add(v).mul(-2 * SQRT_2_OVER_PI);
            v.div(minusTwoU.lanewise(VectorOperators.EXP).add(1f)).intoArray(d, i);
        }
        for (; i < to; i++) {
            d[i] = gelu(d[i]);
        }
    }

    /** Scalar GELU (tanh approximation), for tails and for readers. */
    static float gelu(float v) {
        return (float) (0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v))));
    }

    /** {@code x[xAt ..+n) += y[yAt ..+n)}. */
    static void addInto(float[] x, int xAt, float[] y, int yAt, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector.fromArray(S, x, xAt + i).add(FloatVector.fromArray(S, y, yAt + i)).intoArray(x, xAt + i);
        }
        for (; i < n; i++) {
            x[xAt + i] += y[yAt + i];
        }
    }
}
