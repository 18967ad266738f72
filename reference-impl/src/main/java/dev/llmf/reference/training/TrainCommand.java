package dev.llmf.reference.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code reference-impl/train.sh [--out DIR] [--corpus PATH]... [--steps N] [--seed S] …}: trains a mini-GPT on
 * a corpus with the course's BPE (see {@link TrainingRun}); run again with the same options, it resumes from the
 * folder's checkpoint. Without options it trains the shipped model's settings ({@link TrainingSettings#shipped}) on
 * {@link TrainingCorpus#DEFAULT} into {@code reference-impl/target/training}.
 */
public final class TrainCommand {

    private TrainCommand() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (IllegalArgumentException | IOException | UncheckedIOException e) {
            System.err.println("train: " + e.getMessage());
            System.exit(2);
        }
    }

    private static String usage() {
        StringBuilder s = new StringBuilder("usage: reference-impl/train.sh [--out DIR (default "
                + "reference-impl/target/training)] [--corpus FILE-OR-FOLDER ... (default " + TrainingCorpus.DEFAULT
                + ")]");
        TrainingSettings.shipped().options().forEach((k, v) -> s.append(" [--").append(k).append(' ').append(v)
                .append(']'));
        return s.toString();
    }

    static TrainingRun.Result run(String[] args) throws IOException {
        Path out = Path.of("reference-impl", "target", "training");
        List<Path> corpus = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                System.out.println(usage());
                return null;
            }
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("expected --option value pairs but got '" + args[i] + "'\n"
                        + usage());
            }
            String name = args[i].substring(2);
            String value = args[++i];
            switch (name) {
                case "out" -> out = Path.of(value);
                case "corpus" -> corpus.add(Path.of(value));
                default -> options.put(name, value);
            }
        }
        TrainingSettings settings = TrainingSettings.shipped().with(options);
        TrainingCorpus text = TrainingCorpus.load(corpus.isEmpty() ? List.of(TrainingCorpus.DEFAULT) : corpus,
                settings.model().vocabSize());
        return new TrainingRun(settings, text, out, System.out).run();
    }
}
