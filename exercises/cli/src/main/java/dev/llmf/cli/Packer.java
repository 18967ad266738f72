package dev.llmf.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Picks what {@code llmf submit} uploads: the exercise's main sources ({@code src/main/java/**.java}) and those of
 * the earlier exercises it uses, each named by its package path (e.g.
 * {@code dev/llmf/exercises/tokenizer/BpeTokenizer.java}), as the grader expects.
 */
public final class Packer {

    /** One file to upload: its name on the grader, and where it is here. */
    public record SourceFile(String name, Path path) {
    }

    private Packer() {
    }

    public static Path mainSources(Path course, Exercise e) {
        return course.resolve("exercises").resolve(e.folder()).resolve("src").resolve("main").resolve("java");
    }

    /** The exercise's own files first, then those of the exercises it uses, each group sorted by name. */
    public static List<SourceFile> collect(Path course, Exercise exercise) throws IOException {
        Path own = mainSources(course, exercise);
        List<SourceFile> mine = javaFiles(own);
        if (mine.isEmpty()) {
            throw CliException.failed("nothing to submit: no .java files found in " + course.relativize(own)
                    + " (" + own + ")");
        }
        Map<String, SourceFile> byName = new LinkedHashMap<>();
        Map<String, Exercise> from = new LinkedHashMap<>();
        List<Exercise> groups = new ArrayList<>();
        groups.add(exercise);
        groups.addAll(exercise.uses());
        for (Exercise g : groups) {
            for (SourceFile f : g == exercise ? mine : javaFiles(mainSources(course, g))) {
                Exercise before = from.putIfAbsent(f.name(), g);
                if (before != null) {
                    throw CliException.failed(f.name() + " is in both exercises/" + before.folder() + " and exercises/"
                            + g.folder() + ": the grader compiles them together, so each class may exist only once");
                }
                byName.put(f.name(), f);
            }
        }
        return List.copyOf(byName.values());
    }

    static List<SourceFile> javaFiles(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".java") && Files.isRegularFile(p))
                    .map(p -> new SourceFile(root.relativize(p).toString().replace('\\', '/'), p))
                    .sorted(java.util.Comparator.comparing(SourceFile::name))
                    .toList();
        }
    }
}
