package dev.llmf.exercises.sampler;

import dev.llmf.contract.Sampler;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** A correct solution written differently: streams for the ranking and the sums. */
public class TokenSampler implements Sampler {

    @Override
    public int greedy(float[] logits) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("empty logits");
        }
        return IntStream.range(0, logits.length).boxed()
                .max(Comparator.<Integer>comparingDouble(i -> logits[i]).thenComparing(Comparator.reverseOrder()))
                .orElseThrow();
    }

    @Override
    public float[] distribution(float[] logits, Config config) {
        int n = logits.length;
        double[] p = new double[n];
        if (config.temperature() == 0) {
            p[greedy(logits)] = 1;
        } else {
            double max = IntStream.range(0, n).mapToDouble(i -> logits[i]).max().orElseThrow();
            for (int i = 0; i < n; i++) {
                p[i] = Math.exp((logits[i] - max) / config.temperature());
            }
            divideBySum(p);
            List<Integer> ranking = IntStream.range(0, n).boxed()
                    .sorted(Comparator.<Integer>comparingDouble(i -> p[i]).reversed().thenComparingInt(i -> i))
                    .toList();
            int keep = config.topK() > 0 ? Math.min(n, config.topK()) : n;
            if (keep < n) {
                ranking.subList(keep, n).forEach(i -> p[i] = 0);
                divideBySum(p);
            }
            if (config.topP() < 1) {
                double sum = 0;
                int prefix = 0;
                while (prefix < keep && sum < config.topP()) {
                    sum += p[ranking.get(prefix++)];
                }
                ranking.subList(prefix, n).forEach(i -> p[i] = 0);
                divideBySum(p);
            }
        }
        float[] out = new float[n];
        IntStream.range(0, n).forEach(i -> out[i] = (float) p[i]);
        return out;
    }

    @Override
    public int sample(float[] logits, Config config, double u) {
        if (!(0 <= u && u < 1)) {
            throw new IllegalArgumentException("u = " + u + " is outside [0, 1)");
        }
        float[] p = distribution(logits, config);
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            sum += p[i];
            if (p[i] > 0 && sum > u) {
                return i;
            }
        }
        return IntStream.range(0, p.length).filter(i -> p[i] > 0).max().orElse(0);
    }

    private static void divideBySum(double[] p) {
        double total = java.util.Arrays.stream(p).sum();
        for (int i = 0; i < p.length; i++) {
            p[i] /= total;
        }
    }
}
