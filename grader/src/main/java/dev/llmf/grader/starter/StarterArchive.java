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
