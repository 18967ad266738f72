package dev.llmf.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the learner's copy of the course: the folder that holds {@code mvnw} and {@code exercises/}. */
public final class CourseFolder {

    private CourseFolder() {
    }

    /** Walks up from {@code start}. */
    public static Optional<Path> findFrom(Path start) {
        for (Path p = start == null ? null : start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (isCourse(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** From the working folder, else from where the jar sits (exercises/cli/target/llmf.jar lives inside the course). */
    public static Path find(Context ctx) {
        return findFrom(ctx.cwd())
                .or(() -> ctx.installDir() == null ? Optional.empty() : findFrom(ctx.installDir()))
                .orElseThrow(() -> CliException.failed("cannot find the course folder (the one with mvnw and exercises/)"
                        + " from " + ctx.cwd() + ": run llmf inside your copy of the course"));
    }

    static boolean isCourse(Path p) {
        return (Files.isRegularFile(p.resolve("mvnw")) || Files.isRegularFile(p.resolve("mvnw.cmd")))
                && Files.isDirectory(p.resolve("exercises"));
    }

    /** The exercise the working folder is in, if it is inside one (so {@code llmf check} alone works there). */
    public static Optional<Exercise> exerciseAt(Path cwd, Path course) {
        Path rel;
        try {
            rel = course.resolve("exercises").relativize(cwd.toAbsolutePath().normalize());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (rel.getNameCount() == 0 || rel.startsWith("..") || rel.toString().isEmpty()) {
            return Optional.empty();
        }
        return Exercise.find(rel.getName(0).toString())
                .filter(e -> e.folder().equals(rel.getName(0).toString()));
    }
}
