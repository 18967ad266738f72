package dev.llmf.grader.sandbox;

import dev.llmf.grader.ShutdownOrder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The child's harness: the {@code .class} files of {@link SandboxChild}, {@link Wire} (with {@link WireEncoder} and
 * {@link WireDecoder}), {@link SharedArrays}, {@link TensorViews} and {@link LearnerClassLoader} (with their nested
 * classes), copied once per
 * grader JVM from the grader's own class loader into a private temporary directory. The child's
 * class path is the contract, this directory and the learner's classes: none of the grader's other code, its
 * libraries, the hidden suites or the reference.
 */
final class HarnessFiles {

    static final String HARNESS_KIND = "harness";
    static final String CHILD_KIND = "child";

    private static Path directory;
    private static Path privateDirectory;

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
            // after the application stopped: gradings finishing during a graceful stop still start children
            ShutdownOrder.afterApplicationStop("llmf-harness-cleanup", () -> deleteQuietly(dir));
            directory = dir;
            return dir;
        } catch (IOException e) {
            throw new SandboxUnavailableException("cannot write the sandbox harness classes: " + e.getMessage(), e);
        }
    }

    /**
     * A private directory for the files the grader hands to sandboxes (the harness as a jar, the seccomp program,
     * {@code bwrap}'s arguments), made on first use and deleted when the grader exits.
     */
    static synchronized Path privateDirectory() throws IOException {
        if (privateDirectory == null || !Files.isDirectory(privateDirectory)) {
            Path dir = createTempDirectory(HARNESS_KIND);
            ShutdownOrder.afterApplicationStop("llmf-sandbox-files-cleanup", () -> deleteQuietly(dir));
            privateDirectory = dir;
        }
        return privateDirectory;
    }

    /** The harness classes as one jar (written on first use). */
    static synchronized Path jar() throws IOException {
        Path jar = privateDirectory().resolve("harness.jar");
        if (!Files.exists(jar)) {
            writeJar(directory(), jar);
        }
        return jar;
    }

    /** {@code classes}, a jar already or a folder packed into {@code target} (a jar of stored entries). */
    static Path asJar(Path classes, Path target) throws IOException {
        if (!Files.isDirectory(classes)) {
            return classes;
        }
        writeJar(classes, target);
        return target;
    }

    /** Packs the regular files under {@code dir} into a jar of stored (uncompressed: quick to read) entries. */
    static void writeJar(Path dir, Path jar) throws IOException {
        Path partial = jar.resolveSibling(jar.getFileName() + ".partial");
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
            pack(dir, out);
        }
        Files.move(partial, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** {@code classes} as the bytes of a jar: the file itself, or a folder packed as {@link #writeJar} does. */
    static byte[] jarBytes(Path classes) throws IOException {
        if (!Files.isDirectory(classes)) {
            return Files.readAllBytes(classes);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        pack(classes, out);
        return out.toByteArray();
    }

    private static void pack(Path dir, OutputStream target) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(target);
             Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .sorted().toList()) {
                byte[] bytes = Files.readAllBytes(file);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                ZipEntry entry = new ZipEntry(dir.relativize(file).toString().replace(java.io.File.separatorChar, '/'));
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(bytes.length);
                entry.setCompressedSize(bytes.length);
                entry.setCrc(crc.getValue());
                out.putNextEntry(entry);
                out.write(bytes);
                out.closeEntry();
            }
        }
    }

    /** A new private temporary directory whose name carries our pid (see {@link TempFolders}). */
    static Path createTempDirectory(String kind) throws IOException {
        return TempFolders.create(kind);
    }

    /** Every class the child needs besides the JDK and the contract. */
    static List<Class<?>> classes() {
        List<Class<?>> all = new ArrayList<>();
        for (Class<?> host : List.of(SandboxChild.class, Wire.class, WireEncoder.class, WireDecoder.class,
                SharedArrays.class, TensorViews.class, LearnerClassLoader.class)) {
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
