package dev.llmf.grader.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The child's harness: the {@code .class} files of {@link SandboxChild} and {@link Wire} (with their nested classes),
 * copied once per grader JVM from the grader's own class loader into a private temporary directory. The child's
 * class path is the contract, this directory and the learner's classes: none of the grader's other code, its
 * libraries, the hidden suites or the reference.
 */
final class HarnessFiles {

    static final String HARNESS_KIND = "harness";
    static final String CHILD_KIND = "child";

    private static Path directory;

    private HarnessFiles() {
    }

    /** The harness directory, written on first use. */
    static synchronized Path directory() {
        if (directory != null && Files.isDirectory(directory)) {
            return directory;
        }
        try {
            Path dir = createTempDirectory(HARNESS_KIND);
            TempFolders.reapStale(dir.getParent());
            for (Class<?> c : classes()) {
                String resource = c.getName().replace('.', '/') + ".class";
                Path target = dir.resolve(resource);
                Files.createDirectories(target.getParent());
                try (InputStream in = c.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IOException("the grader's class loader has no resource " + resource);
                    }
                    Files.copy(in, target);
                }
            }
            makeReadable(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir), "llmf-harness-cleanup"));
            directory = dir;
            return dir;
        } catch (IOException e) {
            throw new SandboxUnavailableException("cannot write the sandbox harness classes: " + e.getMessage(), e);
        }
    }

    /** A new private temporary directory whose name carries our pid (see {@link TempFolders}). */
    static Path createTempDirectory(String kind) throws IOException {
        return TempFolders.create(kind);
    }

    /** Every class the child needs besides the JDK and the contract. */
    static List<Class<?>> classes() {
        List<Class<?>> all = new ArrayList<>();
        for (Class<?> host : List.of(SandboxChild.class, Wire.class)) {
            for (Class<?> member : host.getNestMembers()) {
                if (!all.contains(member)) {
                    all.add(member);
                }
            }
        }
        return all;
    }

    private static void makeReadable(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                setPermissions(d, "r-xr-xr-x");
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                setPermissions(file, "r--r--r--");
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void setPermissions(Path p, String perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: leave as is
        }
    }

    /** Deletes a tree without following symbolic links (a link is removed, never its target). */
    static void deleteQuietly(Path root) {
        TempFolders.deleteQuietly(root);
    }
}
