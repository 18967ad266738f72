package dev.llmf.reference.training;

import dev.llmf.contract.Training;
import dev.llmf.reference.ReferenceTraining;

import java.util.List;

/**
 * One optimiser step of a run: the batch's loss and gradients ({@link ModelGradients}), clipping by global norm,
 * the scheduled learning rate ({@link Training#learningRate}) and AdamW, in place on the parameters.
 */
public final class TrainingStep {

    /** What a step measured: the batch loss (before the update), the learning rate, the norm before clipping. */
    public record Measured(double loss, double learningRate, double gradientNorm) {
    }

    private final TrainingSettings settings;
    private final ModelGradients model;
    private final AdamWOptimizer optimiser;
    private final Training schedule = new ReferenceTraining();
    private final double[] grads;

    public TrainingStep(TrainingSettings settings, ModelGradients model, AdamWOptimizer optimiser) {
        this.settings = settings;
        this.model = model;
        this.optimiser = optimiser;
        this.grads = new double[model.layout().size()];
    }

    /** Step {@code step} (from 0) on {@code batch}, updating {@code params}. */
    public Measured run(double[] params, List<ModelGradients.Sequence> batch, int step) {
        double loss = model.lossAndGradients(params, batch, grads);
        double norm = AdamWOptimizer.clipByGlobalNorm(grads, settings.maxNorm());
        double rate = schedule.learningRate(step, settings.schedule());
        optimiser.step(params, grads, step + 1, settings.optimiser().withLearningRate(rate));
        return new Measured(loss, rate, norm);
    }
}
