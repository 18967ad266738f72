package dev.llmf.grader.web.figures;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Sampler;
import dev.llmf.contract.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Learner code that scribbles on its arguments cannot change the constant inputs every figure is drawn on. */
class FreshArgumentsTest {

    /** Writes NaN into every tensor and array it is given. */
    private static final class Vandal implements Attention, Sampler {
        @Override
        public Output scaledDotProduct(Tensor q, Tensor k, Tensor v, boolean causal) {
            java.util.Arrays.fill(q.data(), Float.NaN);
            return null;
        }

        @Override
        public Output multiHead(Tensor x, Weights weights, Options options) {
            java.util.Arrays.fill(x.data(), Float.NaN);
            java.util.Arrays.fill(weights.wo().data(), Float.NaN);
            return null;
        }

        @Override
        public int greedy(float[] logits) {
            logits[0] = Float.NaN;
            return 0;
        }

        @Override
        public float[] distribution(float[] logits, Config config) {
            return logits;
        }

        @Override
        public int sample(float[] logits, Config config, double u) {
            return 0;
        }
    }

    @Test
    void everyCallGetsCopiesOfTensorsArraysAndRecords() {
        Tensor x = Tensor.matrix(new float[][] {{1, 2}, {3, 4}});
        Attention.Weights w = Attention.Weights.random(2, 1);
        float[] wo = w.wo().toArray();
        float[] logits = {2, 1};

        Attention attention = FreshArguments.wrap(Attention.class, new Vandal());
        attention.multiHead(x, w, new Attention.Options(1, true, false));
        attention.scaledDotProduct(x, x, x, false);
        FreshArguments.wrap(Sampler.class, new Vandal()).greedy(logits);

        assertArrayEquals(new float[] {1, 2, 3, 4}, x.toArray());
        assertArrayEquals(wo, w.wo().toArray());
        assertArrayEquals(new float[] {2, 1}, logits);
        assertEquals(new Sampler.Config(0.5, 2, 0.9), FreshArguments.copy(new Sampler.Config(0.5, 2, 0.9)));
    }
}
