package dev.llmf.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * What a downloaded starter knows about its course: {@code .llmf/course.properties}, written by the grader it came
 * from ({@code server}, and {@code username} when a signed-in learner downloaded it). Both may be absent: a
 * template repository or the course repository itself names no server.
 */
public record CourseSettings(String server, String username) {

    /** The file, relative to the course folder. */
    public static final String FILE = ".llmf/course.properties";

    /** The settings of the course folder the working folder is in; empty ones when there is none. */
    public static CourseSettings of(Context ctx) {
        return CourseFolder.findFrom(ctx.cwd())
                .or(() -> ctx.installDir() == null ? Optional.empty() : CourseFolder.findFrom(ctx.installDir()))
                .map(CourseSettings::load)
                .orElse(new CourseSettings(null, null));
    }

    static CourseSettings load(Path course) {
        Path file = course.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return new CourseSettings(null, null);
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw CliException.failed("cannot read " + file + ": " + e.getMessage());
        }
        return new CourseSettings(blankToNull(p.getProperty("server")), blankToNull(p.getProperty("username")));
    }

    /**
     * A warning when the saved sign-in belongs to another grader than this course's (e.g. last term's), or null.
     */
    public String mismatchWith(Config saved) {
        if (server == null || saved.server() == null
                || GraderClient.normalizeServer(server).equals(GraderClient.normalizeServer(saved.server()))) {
            return null;
        }
        return "you are logged in to " + saved.server() + ", but this course's grader is " + server
                + ": run `./llmf login` to sign in there";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
