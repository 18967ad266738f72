package dev.llmf.grader.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The few file operations the cgroup code makes. Here they go to the kernel's cgroup file system as they are; tests
 * give a folder that behaves like one ({@code FakeCgroupFs}: {@code mkdir} creates the control files, writes to
 * {@code cgroup.procs} move a process, {@code cgroup.kill} kills, …).
 */
class CgroupFs {

    /** The kernel's cgroup file systems. */
    static final CgroupFs KERNEL = new CgroupFs();

    /** Creates a cgroup (and missing parents); the kernel fills it with its control files. */
    void mkdir(Path dir) throws IOException {
        Files.createDirectories(dir);
    }

    /** Removes an empty cgroup; fails (EBUSY) while it has processes or children. */
    void rmdir(Path dir) throws IOException {
        Files.deleteIfExists(dir);
    }

    void write(Path file, String value) throws IOException {
        try {
            Files.writeString(file, value, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IOException("cannot write " + value + " to " + file + ": no such file", e);
        } catch (IOException e) {
            throw new IOException("cannot write " + value + " to " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file's text, empty if it cannot be read. */
    Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    boolean exists(Path file) {
        return Files.exists(file);
    }

    boolean isDirectory(Path dir) {
        return Files.isDirectory(dir);
    }
}
