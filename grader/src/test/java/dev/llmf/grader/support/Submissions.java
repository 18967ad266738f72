package dev.llmf.grader.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The sample submissions under src/test/resources/submissions/&lt;exercise&gt;/&lt;case&gt;/. */
public final class Submissions {

    private Submissions() {
    }

    public static Path folder(String exercise, String kase) {
        try {
            var url = Submissions.class.getClassLoader().getResource("submissions/" + exercise + "/" + kase);
            if (url == null) {
                throw new IllegalArgumentException("no sample submission " + exercise + "/" + kase);
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The case's Java sources, path relative to the case folder → text. */
    public static Map<String, String> sources(String exercise, String kase) {
        Path root = folder(exercise, kase);
        Map<String, String> out = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                out.put(root.relativize(p).toString().replace('\\', '/'), Files.readString(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The planted bug's expectations: {@code display name | substring of the message}, one per line. */
    public static List<String[]> expectedFailures(String exercise) {
        try {
            return Files.readAllLines(folder(exercise, "planted-bug").resolve("expected.txt")).stream()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split("\\s*\\|\\s*", 2)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
