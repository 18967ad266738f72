package dev.llmf.reference.training;

import dev.llmf.contract.LanguageModel;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The mean cross-entropy of a mini-GPT over a batch of sequences, and its gradient with respect to every parameter
 * (in the {@link ParameterLayout}), in double. Sequences run in parallel, each into its own gradient array; the
 * arrays are then added in the batch's order (in parallel over parts of the array), so the result does not depend on
 * the number of threads.
 */
public final class ModelGradients {

    /** One training sequence: {@code ids} and the tokens that follow each of them. */
    public record Sequence(int[] ids, int[] targets) {
        public Sequence {
            if (ids.length != targets.length) {
                throw new IllegalArgumentException(ids.length + " ids but " + targets.length + " targets");
            }
        }
    }

    private static final int SUM_CHUNK = 8192;     // numbers per task when the sequences' gradients are added up

    private final ParameterLayout layout;
    private final ThreadLocal<SequencePass> passes;
    private double[][] perSequence = new double[0][];

    public ModelGradients(LanguageModel.Config config) {
        this.layout = new ParameterLayout(config);
        this.passes = ThreadLocal.withInitial(() -> new SequencePass(layout));
    }

    public ParameterLayout layout() {
        return layout;
    }

    /** The logits {@code [n, V]} of one sequence, row-major, in double. */
    public double[] logits(double[] params, int[] ids) {
        return passes.get().logits(params, ids);
    }

    /** The mean cross-entropy per target over {@code batch} (no gradients). */
    public double loss(double[] params, List<Sequence> batch) {
        double[] losses = new double[batch.size()];
        IntStream.range(0, batch.size()).parallel().forEach(i ->
                losses[i] = passes.get().loss(params, batch.get(i).ids(), batch.get(i).targets()));
        double total = 0;
        long targets = 0;
        for (int i = 0; i < losses.length; i++) {
            total += losses[i];
            targets += batch.get(i).targets().length;
        }
        return total / targets;
    }

    /** The mean cross-entropy per target over {@code batch}; its gradient is written into {@code grads}. */
    public double lossAndGradients(double[] params, List<Sequence> batch, double[] grads) {
        long count = batch.stream().mapToLong(s -> s.targets().length).sum();
        double weight = 1.0 / count;
        if (perSequence.length < batch.size() || perSequence[0].length != layout.size()) {
            perSequence = new double[batch.size()][layout.size()];
        }
        double[] losses = new double[batch.size()];
        IntStream.range(0, batch.size()).parallel().forEach(i -> {
            Arrays.fill(perSequence[i], 0);
            losses[i] = passes.get().lossAndGradients(params, batch.get(i).ids(), batch.get(i).targets(), weight,
                    perSequence[i]);
        });
        double loss = 0;
        for (int i = 0; i < batch.size(); i++) {
            loss += losses[i];
        }
        int size = grads.length;
        IntStream.range(0, (size + SUM_CHUNK - 1) / SUM_CHUNK).parallel().forEach(chunk ->
                sumInBatchOrder(batch.size(), grads, chunk * SUM_CHUNK, Math.min(size, (chunk + 1) * SUM_CHUNK)));
        return loss;
    }

    // grads[from, to) = the sequences' gradients added in the batch's order (chunks of the array run in parallel)
    private void sumInBatchOrder(int sequences, double[] grads, int from, int to) {
        Arrays.fill(grads, from, to, 0);
        for (int i = 0; i < sequences; i++) {
            double[] g = perSequence[i];
            for (int j = from; j < to; j++) {
                grads[j] += g[j];
            }
        }
    }
}
