package dev.llmf.bench;

import dev.llmf.contract.Embeddings;
import dev.llmf.contract.LanguageModel;
import dev.llmf.reference.training.AdamWOptimizer;
import dev.llmf.reference.training.Batches;
import dev.llmf.reference.training.ModelGradients;
import dev.llmf.reference.training.ParameterLayout;
import dev.llmf.reference.training.TrainingCorpus;
import dev.llmf.reference.training.TrainingSettings;
import dev.llmf.reference.training.TrainingStep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Training speed: the reference's {@link TrainingStep} against the same steps in PyTorch on the CPU
 * ({@code training_baseline.py}: same model, initial weights, batches, learning rates, clipping and AdamW), all
 * cores on our side. PyTorch runs in float64 on 1 thread (its losses are compared with ours step by step) and in
 * float32 (its usual precision) on 1 thread and on all cores; once as installed and, where the CPU has a kernel set
 * for it ({@link Machine#openBlasCore}), once more with OpenBLAS forced onto it, as the main benchmark does. The
 * report names the strongest of these settings and the reference's speed relative to it. Throughput counts the steps after the first
 * {@link #untimed} (JIT and allocator warm-up).
 * The full run trains the shipped model's shape on the licence texts; {@code --smoke} a tiny model on random ids.
 */
final class TrainingBench {

    private final boolean smoke;
    private final TrainingSettings settings;
    private final int untimed;

    TrainingBench(boolean smoke) {
        this.smoke = smoke;
        this.settings = smoke
                ? TrainingSettings.shipped().with(Map.of("vocab", "300", "context", "16", "d", "16", "heads", "2",
                        "layers", "1", "batch", "2", "steps", "3", "warmup", "1"))
                : TrainingSettings.shipped().with(Map.of("steps", "30", "warmup", "10"));
        this.untimed = smoke ? 1 : 5;
    }

    /** The markdown section of the report. */
    String run(Optional<String> torch, Path work) throws IOException, InterruptedException {
        LanguageModel.Config config = settings.model();
        int[] tokens = tokens(config.vocabSize());
        ParameterLayout layout = new ParameterLayout(config);
        double[] initial = layout.flatten(LanguageModel.Weights.random(config, settings.seed()));
        List<List<ModelGradients.Sequence>> batches = new ArrayList<>();
        for (int s = 0; s < settings.steps(); s++) {
            batches.add(Batches.training(tokens, config.contextLength(), settings.batchSize(), settings.seed(), s));
        }

        ModelGradients model = new ModelGradients(config);
        TrainingStep stepper = new TrainingStep(settings, model, new AdamWOptimizer(layout));
        double[] params = initial.clone();
        double[] losses = new double[settings.steps()];
        double[] seconds = new double[settings.steps()];
        double[] rates = new double[settings.steps()];
        for (int s = 0; s < settings.steps(); s++) {
            long start = System.nanoTime();
            TrainingStep.Measured m = stepper.run(params, batches.get(s), s);
            seconds[s] = (System.nanoTime() - start) / 1e9;
            losses[s] = m.loss();
            rates[s] = m.learningRate();
            System.err.printf(Locale.ROOT, "   reference step %d: loss %.6f, %.3f s%n", s, losses[s], seconds[s]);
        }

        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%n## Training a mini-GPT%n%n"
                + "%s: %,d parameters (V %d, context %d, d %d, %d heads, layers %d), batch %d × %d tokens, %d steps of"
                + " AdamW with warm-up + cosine and clipping, the same initial weights and batches on both sides (ours on"
                + " all cores); tokens/s over steps %d to %d.%n%n", smoke ? "Smoke (tiny model, random ids)"
                : "The shipped model's shape on the licence texts", layout.size(), config.vocabSize(),
                config.contextLength(), config.dModel(), config.heads(), config.layers(), settings.batchSize(),
                config.contextLength(), settings.steps(), untimed + 1, settings.steps()));
        double ours = tokensPerSecond(seconds);
        md.append("| implementation | precision | tokens/s | vs reference | largest loss difference from the reference"
                + " (any step) |\n| --- | --- | ---: | ---: | ---: |\n");
        md.append(String.format(Locale.ROOT, "| reference (Java, `TrainingStep`) | float64 | %,.0f | 1.00 | — |%n",
                ours));
        if (torch.isEmpty()) {
            md.append("| PyTorch (CPU) | | missing: no python3 imports torch | | |\n");
            return md.toString();
        }
        Map<String, double[]> theirs = pytorch(torch.get(), work, layout, initial, batches, rates, null);
        Optional<String> core = Machine.openBlasCore();
        Map<String, double[]> forced = core.isPresent()
                ? pytorch(torch.get(), work, layout, initial, batches, rates, core.get()) : Map.of();
        int cores = (int) theirs.get("allThreads")[0];
        String strongest = "";
        double strongestRate = 0;
        for (Map<String, double[]> runs : List.of(theirs, forced)) {
            String kernels = runs == theirs ? "" : ", `OPENBLAS_CORETYPE=" + core.orElseThrow() + "`";
            for (String run : runs.isEmpty() ? List.<String>of() : List.of("64_1", "32_1", "32_" + cores)) {
                double rate = tokensPerSecond(runs.get("seconds" + run));
                double worst = 0;
                for (int s = 0; s < losses.length; s++) {
                    worst = Math.max(worst, Math.abs(runs.get("losses" + run)[s] - losses[s]));
                }
                String name = String.format(Locale.ROOT, "PyTorch (CPU, `%s`%s), %s thread%s", torch.get(), kernels,
                        run.substring(3), run.endsWith("_1") ? "" : "s");
                md.append(String.format(Locale.ROOT, "| %s | float%s | %,.0f | %.2f | %.1e |%n", name,
                        run.substring(0, 2), rate, rate / ours, worst));
                if (rate > strongestRate) {
                    strongestRate = rate;
                    strongest = name + ", float" + run.substring(0, 2);
                }
            }
        }
        md.append(String.format(Locale.ROOT, "%nThe reference ÷ the strongest PyTorch setting (%s): %.2f.%n",
                strongest, ours / strongestRate));
        md.append(String.format(Locale.ROOT, "%nLosses, first and last step: reference %.6f → %.6f; PyTorch float64"
                + " %.6f → %.6f.%n", losses[0], losses[losses.length - 1], theirs.get("losses64_1")[0],
                theirs.get("losses64_1")[losses.length - 1]));
        return md.toString();
    }

    private double tokensPerSecond(double[] seconds) {
        double total = 0;
        for (int s = untimed; s < seconds.length; s++) {
            total += seconds[s];
        }
        return (double) (seconds.length - untimed) * settings.batchSize() * settings.model().contextLength() / total;
    }

    private int[] tokens(int vocab) {
        if (!smoke && Files.isDirectory(TrainingCorpus.DEFAULT)) {
            return TrainingCorpus.load(List.of(TrainingCorpus.DEFAULT), vocab).train();
        }
        SplittableRandom random = new SplittableRandom(7);
        int[] ids = new int[4096];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(vocab);
        }
        return ids;
    }

    private Map<String, double[]> pytorch(String python, Path work, ParameterLayout layout, double[] initial,
                                          List<List<ModelGradients.Sequence>> batches, double[] rates,
                                          String openBlasCore) throws IOException, InterruptedException {
        LanguageModel.Config c = settings.model();
        StringBuilder in = new StringBuilder("op training\n");
        number(in, "vocab", c.vocabSize());
        number(in, "context", c.contextLength());
        number(in, "d", c.dModel());
        number(in, "heads", c.heads());
        number(in, "layers", c.layers());
        number(in, "positional", c.positional().ordinal());
        number(in, "base", Embeddings.BASE);
        number(in, "steps", settings.steps());
        number(in, "batch", settings.batchSize());
        number(in, "beta1", settings.optimiser().beta1());
        number(in, "beta2", settings.optimiser().beta2());
        number(in, "eps", settings.optimiser().epsilon());
        number(in, "decay", settings.weightDecay());
        number(in, "maxNorm", settings.maxNorm());
        for (ParameterLayout.Slice slice : layout.slices()) {
            in.append("tensor ").append(slice.name());
            for (int size : slice.shape()) {
                in.append(' ').append(size);
            }
            in.append('\n');
            values(in, java.util.Arrays.copyOfRange(initial, slice.offset(), slice.offset() + slice.size()));
        }
        in.append("tensor rates ").append(rates.length).append('\n');
        values(in, rates);
        StringBuilder ids = new StringBuilder();
        StringBuilder targets = new StringBuilder();
        for (List<ModelGradients.Sequence> batch : batches) {
            for (ModelGradients.Sequence s : batch) {
                for (int t = 0; t < s.ids().length; t++) {
                    ids.append(ids.isEmpty() ? "" : " ").append(s.ids()[t]);
                    targets.append(targets.isEmpty() ? "" : " ").append(s.targets()[t]);
                }
            }
        }
        int count = batches.size() * settings.batchSize() * c.contextLength();
        in.append("ints ids ").append(count).append('\n').append(ids).append('\n');
        in.append("ints targets ").append(count).append('\n').append(targets).append('\n');
        Path caseFile = work.resolve("training-case.in");
        String suffix = openBlasCore == null ? "" : "-" + openBlasCore;
        Path outFile = work.resolve("training-case" + suffix + ".out");
        Files.writeString(caseFile, in, StandardCharsets.UTF_8);
        Path script = Path.of("src", "bench", "python", "training_baseline.py").toAbsolutePath();
        Path log = work.resolve("training-torch" + suffix + ".log");
        ProcessBuilder builder = new ProcessBuilder(python, script.toString(), caseFile.toString(), outFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // as for the other baselines: no kernel set unless forced (an old setting slows a current OpenBLAS down)
        builder.environment().remove("OPENBLAS_L2_SIZE");
        builder.environment().remove("OPENBLAS_CORETYPE");
        if (openBlasCore != null) {
            builder.environment().put("OPENBLAS_CORETYPE", openBlasCore);
        }
        Process p = builder.start();
        p.getOutputStream().close();
        if (!p.waitFor(20, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("PyTorch's training failed: see " + log);
        }
        Map<String, double[]> out = new java.util.LinkedHashMap<>();
        List<String> lines = Files.readAllLines(outFile, StandardCharsets.UTF_8);
        for (int l = 0; l + 1 < lines.size(); l += 2) {
            out.put(lines.get(l).split(" ")[1], java.util.Arrays.stream(lines.get(l + 1).trim().split(" "))
                    .mapToDouble(Double::parseDouble).toArray());
        }
        return out;
    }

    private static void number(StringBuilder in, String name, double value) {
        in.append("number ").append(name).append(' ').append(value).append('\n');
    }

    // Doubles that are widened floats (the weights) or exact rates: Double.toString reads back exactly.
    private static void values(StringBuilder in, double[] values) {
        for (int i = 0; i < values.length; i++) {
            in.append(i == 0 ? "" : " ").append(Double.toString(values[i]));
        }
        in.append('\n');
    }
}
