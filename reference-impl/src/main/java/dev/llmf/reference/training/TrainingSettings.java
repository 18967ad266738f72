package dev.llmf.reference.training;

import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Training;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Everything that decides a training run: the model's sizes, the tokenizer's vocabulary, the batches, the optimiser,
 * the schedule and the seed. Two runs with equal settings on the same corpus compute the same numbers, which is what
 * lets a checkpoint resume a run exactly; {@link #describe} is what a checkpoint records and compares.
 */
public record TrainingSettings(LanguageModel.Config model, int batchSize, int steps, int warmupSteps,
                               double maxLearningRate, double minLearningRate, double weightDecay, double maxNorm,
                               long seed, int evalEvery, int checkpointEvery) {

    public TrainingSettings {
        if (batchSize < 1 || steps < 1 || evalEvery < 1 || checkpointEvery < 1) {
            throw new IllegalArgumentException("batch, steps, eval-every and checkpoint-every must be >= 1");
        }
        if (model.vocabSize() < 256) {
            throw new IllegalArgumentException("the vocabulary (" + model.vocabSize()
                    + ") must hold at least the 256 single bytes");
        }
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("clip (" + maxNorm + ") must be a finite number > 0");
        }
        new Training.Schedule(maxLearningRate, minLearningRate, warmupSteps, steps);    // they check the rates
        new Training.AdamW(maxLearningRate, 0.9, 0.95, 1e-8, weightDecay);
    }

    /** The settings of the shipped model (see docs/reference.md, "The shipped mini-GPT"). */
    public static TrainingSettings shipped() {
        return new TrainingSettings(new LanguageModel.Config(384, 64, 48, 4, 2, LanguageModel.Positional.LEARNED),
                16, 1000, 50, 6e-3, 6e-4, 0.1, 1.0, 42, 50, 50);
    }

    public Training.Schedule schedule() {
        return new Training.Schedule(maxLearningRate, minLearningRate, warmupSteps, steps);
    }

    /** AdamW as GPT-style models train: β2 0.95; weight decay on matrices only ({@link ParameterLayout.Slice#decays}). */
    public Training.AdamW optimiser() {
        return new Training.AdamW(maxLearningRate, 0.9, 0.95, 1e-8, weightDecay);
    }

    /** The settings as {@code name=value} options, in the order {@link #parse} reads them. */
    public Map<String, String> options() {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("vocab", Integer.toString(model.vocabSize()));
        o.put("context", Integer.toString(model.contextLength()));
        o.put("d", Integer.toString(model.dModel()));
        o.put("heads", Integer.toString(model.heads()));
        o.put("layers", Integer.toString(model.layers()));
        o.put("positional", model.positional().name());
        o.put("batch", Integer.toString(batchSize));
        o.put("steps", Integer.toString(steps));
        o.put("warmup", Integer.toString(warmupSteps));
        o.put("lr", Double.toString(maxLearningRate));
        o.put("min-lr", Double.toString(minLearningRate));
        o.put("decay", Double.toString(weightDecay));
        o.put("clip", Double.toString(maxNorm));
        o.put("seed", Long.toString(seed));
        o.put("eval-every", Integer.toString(evalEvery));
        o.put("checkpoint-every", Integer.toString(checkpointEvery));
        return o;
    }

    /** One line: {@code --vocab 384 --context 64 …}. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        options().forEach((k, v) -> s.append(s.isEmpty() ? "" : " ").append("--").append(k).append(' ').append(v));
        return s.toString();
    }

    /** These settings with the given options changed ({@code name → value}, names as in {@link #options}). */
    public TrainingSettings with(Map<String, String> changes) {
        Map<String, String> o = options();
        for (var e : changes.entrySet()) {
            if (!o.containsKey(e.getKey())) {
                throw new IllegalArgumentException("unknown option --" + e.getKey() + " (known: --"
                        + String.join(", --", o.keySet()) + ")");
            }
            o.put(e.getKey(), e.getValue());
        }
        try {
            return new TrainingSettings(new LanguageModel.Config(integer(o, "vocab"), integer(o, "context"),
                    integer(o, "d"), integer(o, "heads"), integer(o, "layers"),
                    LanguageModel.Positional.valueOf(o.get("positional").toUpperCase(Locale.ROOT))),
                    integer(o, "batch"), integer(o, "steps"), integer(o, "warmup"), number(o, "lr"),
                    number(o, "min-lr"), number(o, "decay"), number(o, "clip"), Long.parseLong(o.get("seed")),
                    integer(o, "eval-every"), integer(o, "checkpoint-every"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + e.getMessage());
        }
    }

    private static int integer(Map<String, String> o, String key) {
        return Integer.parseInt(o.get(key));
    }

    private static double number(Map<String, String> o, String key) {
        return Double.parseDouble(o.get(key));
    }
}
