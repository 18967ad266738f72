package dev.llmf.starter;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds the learner's starter from the course repository: a folder (the template an instructor can push as a
 * GitHub Classroom or GitLab template repository) and the same content as a zip under one top folder
 * {@code llmf-starter/}, which the grader serves. What goes in is listed here, file by file or folder by folder —
 * never "everything but": the contract, the exercises' lessons, stubs and public tests, the tests' support code,
 * the Maven wrapper, the {@code llmf} launcher and its jar. Entries are sorted and dated the same every build, so
 * the same sources give the same zip.
 *
 * <p>Arguments: the repository root, the command line's jar, the folder to write, the zip to write.
 */
public final class StarterBuilder {

    /** The folder every zip entry sits in. */
    public static final String TOP = "llmf-starter/";
    /** Where the starter keeps the command line's jar and which grader it talks to. */
    public static final String COURSE_PROPERTIES = ".llmf/course.properties";

    private static final Pattern EXERCISE_FOLDER = Pattern.compile("\\d\\d-[a-z0-9-]+");
    private static final FileTime BUILD_TIME = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));

    /** One file of the starter: its path inside it, its bytes, whether it is a script to run. */
    record Entry(String path, byte[] content, boolean executable) {
    }

    private final Path repo;
    private final List<Entry> entries = new ArrayList<>();

    private StarterBuilder(Path repo) {
        this.repo = repo;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: StarterBuilder <repository> <llmf.jar> <folder> <zip>");
        }
        Path cliJar = Path.of(args[1]);
        if (!Files.isRegularFile(cliJar)) {
            throw new IOException(cliJar + " is missing: the command line must be packaged before the starter");
        }
        List<Entry> entries = new StarterBuilder(Path.of(args[0]).toRealPath()).collect(cliJar);
        writeFolder(entries, Path.of(args[2]));
        writeZip(entries, Path.of(args[3]));
        System.out.println("starter: " + entries.size() + " files in " + args[2] + " and " + args[3]);
    }

    List<Entry> collect(Path cliJar) throws IOException {
        file("mvnw");
        file("mvnw.cmd");
        tree(".mvn", "");
        file("llmf");
        file("scripts/jdk25.sh");
        rewritten("pom.xml", StarterPoms::root);
        tree("src", "");
        rewritten("exercises/pom.xml", StarterPoms::exercises);
        tree("exercises/support", "");
        try (Stream<Path> folders = Files.list(repo.resolve("exercises"))) {
            for (Path folder : folders.sorted().toList()) {
                String name = folder.getFileName().toString();
                if (Files.isDirectory(folder) && EXERCISE_FOLDER.matcher(name).matches()) {
                    String pom = "exercises/" + name + "/pom.xml";
                    tree("exercises/" + name, "", pom);
                    rewritten(pom, text -> StarterPoms.exercise(pom, text));
                }
            }
        }
        tree("starter/files", null);
        entries.add(new Entry(".llmf/llmf.jar", Files.readAllBytes(cliJar), false));
        entries.add(new Entry(COURSE_PROPERTIES, courseProperties("", "").getBytes(StandardCharsets.UTF_8), false));
        entries.sort(Comparator.comparing(Entry::path));
        return entries;
    }

    /**
     * The settings file, which the grader fills in when it serves the starter: its own address, and the username
     * of the learner who downloaded it. An instructor who pushes the template folder as a repository sets them.
     */
    public static String courseProperties(String server, String username) {
        return "# The grader this course submits to: `./llmf login` uses it unless you name another with --server.\n"
                + "server=" + server + "\n"
                + "# Offered by `./llmf login` as the username.\n"
                + "username=" + username + "\n";
    }

    private void file(String path) throws IOException {
        Path p = repo.resolve(path);
        entries.add(new Entry(path, Files.readAllBytes(p), executable(p)));
    }

    private static boolean executable(Path p) throws IOException {
        return Files.getPosixFilePermissions(p).contains(PosixFilePermission.OWNER_EXECUTE);
    }

    private void rewritten(String path, UnaryOperator<String> rewrite) throws IOException {
        String text = Files.readString(repo.resolve(path), StandardCharsets.UTF_8);
        entries.add(new Entry(path, rewrite.apply(text).getBytes(StandardCharsets.UTF_8), false));
    }

    /**
     * Every file under {@code folder} but build output and IDE files. {@code prefix}: where they go in the starter
     * ({@code null}: at its root; {@code ""}: at the same path). {@code except}: paths the caller adds itself.
     */
    private void tree(String folder, String prefix, String... except) throws IOException {
        Path base = repo.resolve(folder);
        List<String> skip = List.of(except);
        try (Stream<Path> walk = Files.walk(base)) {
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                String inFolder = base.relativize(p).toString().replace('\\', '/');
                String path = prefix == null ? inFolder : folder + "/" + inFolder;
                if (!skip.contains(path) && !buildOutput(inFolder)) {
                    entries.add(new Entry(path, Files.readAllBytes(p), executable(p)));
                }
            }
        }
    }

    private static boolean buildOutput(String path) {
        return path.startsWith("target/") || path.contains("/target/") || path.endsWith(".iml")
                || path.startsWith(".idea/") || path.contains("/.idea/");
    }

    private static void writeFolder(List<Entry> entries, Path folder) throws IOException {
        deleteRecursively(folder);
        for (Entry e : entries) {
            Path out = folder.resolve(e.path());
            Files.createDirectories(out.getParent());
            Files.write(out, e.content());
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString(e.executable() ? "rwxr-xr-x" : "rw-r--r--"));
        }
    }

    private static void writeZip(List<Entry> entries, Path zip) throws IOException {
        Files.createDirectories(zip.getParent());
        try (OutputStream out = Files.newOutputStream(zip); ZipArchiveOutputStream z = new ZipArchiveOutputStream(out)) {
            for (Entry e : entries) {
                ZipArchiveEntry entry = new ZipArchiveEntry(TOP + e.path());
                entry.setUnixMode(e.executable() ? 0100755 : 0100644);
                entry.setLastModifiedTime(BUILD_TIME);
                z.putArchiveEntry(entry);
                z.write(e.content());
                z.closeArchiveEntry();
            }
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
