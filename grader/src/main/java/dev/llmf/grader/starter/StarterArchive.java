package dev.llmf.grader.starter;

import dev.llmf.starter.StarterBuilder;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.Optional;

/**
 * The learner starter the build put on the class path ({@code starter/llmf-starter.zip}, from the
 * {@code llmf-starter} module), handed out with its {@code .llmf/course.properties} filled in for the one who
 * downloads it. Every other entry is copied as stored (no re-compression), keeping its Unix mode, so {@code llmf}
 * and {@code mvnw} stay executable when unzipped.
 */
public final class StarterArchive {

    static final String RESOURCE = "starter/llmf-starter.zip";
    private static final String SETTINGS_ENTRY = StarterBuilder.TOP + StarterBuilder.COURSE_PROPERTIES;

    private final byte[] zip;

    private StarterArchive(byte[] zip) {
        this.zip = zip;
    }

    /** The starter this grader was built with; empty when the build left it out (e.g. a test-phase build). */
    public static Optional<StarterArchive> fromClassPath() {
        try (InputStream in = StarterArchive.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            return in == null ? Optional.empty() : Optional.of(new StarterArchive(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /**
     * Unpacks the starter, set up for {@code server} and {@code username}, into {@code folder} (its top folder's
     * content, Unix modes kept); returns how many files it wrote.
     */
    public int extract(String server, String username, Path folder) throws IOException {
        int files = 0;
        try (ZipFile in = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(personalised(server, username))).get()) {
            for (ZipArchiveEntry entry : Collections.list(in.getEntriesInPhysicalOrder())) {
                Path out = folder.resolve(entry.getName().substring(StarterBuilder.TOP.length())).normalize();
                if (!out.startsWith(folder)) {
                    throw new IOException("starter entry escapes the folder: " + entry.getName());
                }
                Files.createDirectories(out.getParent());
                try (InputStream data = in.getInputStream(entry)) {
                    Files.copy(data, out);
                }
                Files.setPosixFilePermissions(out, PosixFilePermissions.fromString(
                        (entry.getUnixMode() & 0100) != 0 ? "rwxr-xr-x" : "rw-r--r--"));
                files++;
            }
        }
        return files;
    }

    /** The zip with {@code server} and {@code username} in its course settings. */
    public byte[] personalised(String server, String username) {
        byte[] settings = StarterBuilder.courseProperties(server, username).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(zip.length + 1024);
        try (ZipFile in = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(zip)).get();
             ZipArchiveOutputStream out = new ZipArchiveOutputStream(bytes)) {
            for (ZipArchiveEntry entry : Collections.list(in.getEntriesInPhysicalOrder())) {
                if (entry.getName().equals(SETTINGS_ENTRY)) {
                    ZipArchiveEntry replaced = new ZipArchiveEntry(SETTINGS_ENTRY);
                    replaced.setUnixMode(entry.getUnixMode());
                    replaced.setLastModifiedTime(entry.getLastModifiedTime());
                    out.putArchiveEntry(replaced);
                    out.write(settings);
                    out.closeArchiveEntry();
                } else {
                    out.addRawArchiveEntry(entry, in.getRawInputStream(entry));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the starter", e);
        }
        return bytes.toByteArray();
    }
}
