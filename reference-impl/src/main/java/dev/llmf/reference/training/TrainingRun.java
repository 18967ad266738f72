package dev.llmf.reference.training;

import dev.llmf.contract.LanguageModel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Trains a mini-GPT: per step a batch ({@link Batches}) and a {@link TrainingStep} (gradients, clipping, the
 * warm-up + cosine learning rate, AdamW); the
 * validation loss every {@code evalEvery} steps; a {@link Checkpoint} every {@code checkpointEvery} steps, from
 * which a later run with the same settings and corpus continues exactly as if it had never stopped.
 */
public final class TrainingRun {

    /** The files a run writes into its folder. */
    public static final String CHECKPOINT = "checkpoint.bin";
    public static final String WEIGHTS = "mini-gpt.bin";

    private final TrainingSettings settings;
    private final TrainingCorpus corpus;
    private final Path folder;
    private final PrintStream progress;
    private final ModelGradients model;
    private int stopAfter = Integer.MAX_VALUE;

    public TrainingRun(TrainingSettings settings, TrainingCorpus corpus, Path folder, PrintStream progress) {
        this.settings = settings;
        this.corpus = corpus;
        this.folder = folder;
        this.progress = progress;
        this.model = new ModelGradients(settings.model());
    }

    /** Stops (after its checkpoint) once this many steps are done, as a kill would: for tests of resuming. */
    TrainingRun stopAfter(int steps) {
        this.stopAfter = steps;
        return this;
    }

    /** What a finished run produced. */
    public record Result(LanguageModel.Weights weights, double[] params, TrainingLog log, double validationLoss,
                         double bigramValidationLoss) {
    }

    /** Runs (or resumes) the training; returns null if stopped early by {@link #stopAfter}. */
    public Result run() throws IOException {
        Files.createDirectories(folder);
        Checkpoint state = startOrResume();
        double[] params = state.params();
        AdamWOptimizer optimiser = new AdamWOptimizer(model.layout(), state.m(), state.v());
        TrainingLog log = state.log();
        int context = settings.model().contextLength();
        int[] train = corpus.train();
        List<ModelGradients.Sequence> validation = Batches.validation(corpus.validation(), context);
        TrainingStep stepper = new TrainingStep(settings, model, optimiser);
        long tokensPerStep = (long) settings.batchSize() * context;
        long since = System.nanoTime();
        int stepsSince = 0;
        for (int step = state.step(); step < settings.steps(); step++) {
            List<ModelGradients.Sequence> batch = Batches.training(train, context, settings.batchSize(),
                    settings.seed(), step);
            TrainingStep.Measured measured = stepper.run(params, batch, step);
            double loss = measured.loss();
            double norm = measured.gradientNorm();
            double rate = measured.learningRate();
            boolean last = step + 1 == settings.steps();
            double validationLoss = (step + 1) % settings.evalEvery() == 0 || last
                    ? model.loss(params, validation) : Double.NaN;
            log.add(new TrainingLog.Entry(step, loss, rate, norm, validationLoss));
            stepsSince++;
            if ((step + 1) % 10 == 0 || last || !Double.isNaN(validationLoss)) {
                double seconds = (System.nanoTime() - since) / 1e9;
                say(String.format(Locale.ROOT, "step %4d/%d  loss %.4f  %s lr %.2e  norm %5.2f  %,.0f tokens/s",
                        step + 1, settings.steps(), loss, Double.isNaN(validationLoss) ? " ".repeat(12)
                                : String.format(Locale.ROOT, "val %.4f  ", validationLoss), rate, norm,
                        stepsSince * tokensPerStep / seconds));
                since = System.nanoTime();
                stepsSince = 0;
            }
            if ((step + 1) % settings.checkpointEvery() == 0 || last || step + 1 == stopAfter) {
                new Checkpoint(settings.describe(), corpus.sha256(), step + 1, params, optimiser.m(), optimiser.v(),
                        log).save(folder.resolve(CHECKPOINT));
                Files.writeString(folder.resolve("training-log.tsv"), log.tsv());
            }
            if (step + 1 == stopAfter && !last) {
                say("stopped after step " + stopAfter + " (checkpoint written)");
                return null;
            }
        }
        return finish(params, log, validation);
    }

    private Checkpoint startOrResume() throws IOException {
        Path file = folder.resolve(CHECKPOINT);
        if (!Files.exists(file)) {
            say("training " + settings.describe());
            say(String.format(Locale.ROOT, "corpus %s: %d files, %,d characters, SHA-256 %s; %,d training and %,d "
                    + "validation tokens", corpus.files().isEmpty() ? "" : corpus.files().getFirst().getParent(),
                    corpus.files().size(), corpus.text().length(), corpus.sha256(), corpus.train().length,
                    corpus.validation().length));
            say(String.format(Locale.ROOT, "model: %,d parameters", model.layout().size()));
            double[] params = model.layout().flatten(LanguageModel.Weights.random(settings.model(), settings.seed()));
            return new Checkpoint(settings.describe(), corpus.sha256(), 0, params, new double[params.length],
                    new double[params.length], new TrainingLog());
        }
        Checkpoint saved = Checkpoint.load(file);
        if (!saved.settings().equals(settings.describe())) {
            throw new IllegalArgumentException(file + " belongs to another run (" + saved.settings() + "); this one is "
                    + settings.describe() + ". Use another --out folder, or delete the checkpoint to start over.");
        }
        if (!saved.corpusSha256().equals(corpus.sha256())) {
            throw new IllegalArgumentException(file + " was trained on another corpus (SHA-256 "
                    + saved.corpusSha256() + ", now " + corpus.sha256() + "): it cannot be resumed on this one");
        }
        say("resuming from " + file + " after step " + saved.step());
        return saved;
    }

    private Result finish(double[] params, TrainingLog log, List<ModelGradients.Sequence> validation)
            throws IOException {
        double validationLoss = log.lastValidationLoss();
        double bigram = new BigramBaseline(corpus.train(), settings.model().vocabSize()).crossEntropy(validation);
        say(String.format(Locale.ROOT, "validation cross-entropy %.4f nats/token; bigram baseline (add-one, same "
                + "tokenizer and split) %.4f", validationLoss, bigram));
        LanguageModel.Weights weights = model.layout().weights(params);
        WeightsFile.write(folder.resolve(WEIGHTS), weights, corpus.merges());
        String sample = ShippedMiniGpt.sample(WeightsFile.read(folder.resolve(WEIGHTS)));
        Files.writeString(folder.resolve("sample.txt"), sample + "\n");
        say("sample (prompt \"" + ShippedMiniGpt.PROMPT + "\", " + ShippedMiniGpt.NEW_TOKENS + " tokens, temperature "
                + ShippedMiniGpt.SAMPLING.temperature() + ", top-k " + ShippedMiniGpt.SAMPLING.topK() + ", seed "
                + ShippedMiniGpt.SEED + "):\n" + sample);
        Files.writeString(folder.resolve("training-log.tsv"), log.tsv());
        Files.writeString(folder.resolve("loss-curve.svg"), LossCurveSvg.render("mini-GPT training, "
                + String.format(Locale.ROOT, "%,d parameters", params.length), log.entries(), bigram,
                String.format(Locale.ROOT, "bigram baseline %.2f", bigram)));
        return new Result(weights, params, log, validationLoss, bigram);
    }

    private void say(String line) throws IOException {
        progress.println(line);
        Files.writeString(folder.resolve("training.log"), line + System.lineSeparator(),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }
}
