package dev.llmf.grader.browser;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Sample sources ({@code support/Submissions}) written to disk as a learner has them, for the browser's file input:
 * one {@code .java} file each, or a zip of the exercise folder.
 */
final class LearnerFiles {

    private LearnerFiles() {
    }

    /** Writes each source under {@code folder} at its package path; returns the files. */
    static List<Path> javaFiles(Map<String, String> sources, Path folder) throws IOException {
        List<Path> out = new ArrayList<>();
        for (var source : sources.entrySet()) {
            Path file = folder.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            out.add(Files.writeString(file, source.getValue()));
        }
        return out;
    }

    /** Writes the sources into {@code zip} under {@code src/main/java/}, as zipping an exercise folder does. */
    static Path zip(Map<String, String> sources, Path zip) throws IOException {
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (var source : sources.entrySet()) {
                out.putNextEntry(new ZipEntry("src/main/java/" + source.getKey()));
                out.write(source.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return zip;
    }
}
