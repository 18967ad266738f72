package dev.llmf.grader.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The grader's temporary folders: {@code llmf-<kind>-<pid>-<random>} in {@code java.io.tmpdir}, private to their
 * owner, named after the grader process that made them. A grader that is killed ({@code kill -9}) cannot delete
 * its own; {@link #reapStale} deletes those of graders that no longer run, at the next start.
 */
public final class TempFolders {

    /** The sandbox harness, a plain child's working folder, and a submission being compiled and run. */
    static final Set<String> KINDS = Set.of("harness", "child", "work");
    /** Folders named before the pid was part of the name: removed once nothing can still be using them. */
    private static final Pattern UNTAGGED = Pattern.compile("llmf-(submission|figure)-\\d+-\\d+");
    private static final Duration UNTAGGED_AGE = Duration.ofDays(1);
    private static final Pattern TAGGED = Pattern.compile("llmf-([a-z]+)-(\\d+)-.+");

    private TempFolders() {
    }

    /** A new private folder {@code llmf-<kind>-<our pid>-<random>}; {@code kind} is one of {@link #KINDS}. */
    public static Path create(String kind) throws IOException {
        return create(kind, "");
    }

    /** A new private folder {@code llmf-<kind>-<our pid>-<label>-<random>}, e.g. for {@code submission-42}. */
    public static Path create(String kind, String label) throws IOException {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("unknown temporary folder kind " + kind);
        }
        String tag = label.isEmpty() ? "" : label.replaceAll("[^A-Za-z0-9_.-]", "_") + "-";
        return Files.createTempDirectory("llmf-" + kind + "-" + ProcessHandle.current().pid() + "-" + tag);
    }

    /**
     * Deletes, in {@code tmp}, the folders of ours (owned by this process's user, never a link) whose grader process
     * is gone; returns how many.
     */
    public static int reapStale(Path tmp) {
        int removed = 0;
        try (var entries = Files.newDirectoryStream(tmp, "llmf-*")) {
            var me = tmp.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
            Instant oldEnough = Instant.now().minus(UNTAGGED_AGE);
            for (Path p : entries) {
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) || !stale(p, oldEnough)) {
                    continue;
                }
                if (me.equals(Files.getOwner(p, LinkOption.NOFOLLOW_LINKS))) {
                    deleteQuietly(p);
                    removed++;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort: a folder left now is tried again at the next start
        }
        return removed;
    }

    /** {@code java.io.tmpdir}. */
    public static Path systemTemp() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static boolean stale(Path p, Instant oldEnough) throws IOException {
        String name = p.getFileName().toString();
        Matcher tagged = TAGGED.matcher(name);
        if (tagged.matches() && KINDS.contains(tagged.group(1))) {
            long pid = Long.parseLong(tagged.group(2));
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).isEmpty();
        }
        if (UNTAGGED.matcher(name).matches()) {
            FileTime modified = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
            return modified.toInstant().isBefore(oldEnough);
        }
        return false;
    }

    /** Deletes a tree without following symbolic links (a link is removed, never its target). */
    public static void deleteQuietly(Path root) {
        if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    try {
                        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
                    } catch (IOException | UnsupportedOperationException ignored) {
                        // try to delete anyway
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }
}
