package dev.llmf.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Deterministic English-like text from what the operating system ships, in a fixed order: the licence texts in
 * {@code /usr/share/common-licenses}, then every package's {@code /usr/share/doc/<package>/copyright}, then the
 * packages' change logs and READMEs ({@code .gz} ones unpacked), each sorted by path. The text is cut to the wanted
 * size in UTF-8 bytes (at a character boundary), so a smaller corpus is a prefix of a larger one. Which packages are
 * installed changes the text, so each corpus is reported with its SHA-256.
 */
final class Corpus {

    private static final Path LICENSES = Path.of("/usr/share/common-licenses");
    private static final Path DOCS = Path.of("/usr/share/doc");

    final String text;
    final int bytes;
    final int files;
    final boolean repeated;

    private Corpus(String text, int bytes, int files, boolean repeated) {
        this.text = text;
        this.bytes = bytes;
        this.files = files;
        this.repeated = repeated;
    }

    /** The first {@code size} bytes (at most; cut at a character boundary) of the OS text. */
    static Corpus build(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + (1 << 16));
        int files = 0;
        for (Path source : sources()) {
            if (out.size() >= size) {
                break;
            }
            byte[] text = read(source);
            if (text.length > 0) {
                out.writeBytes(text);
                out.write('\n');
                files++;
            }
        }
        byte[] all = out.toByteArray();
        boolean repeated = all.length < size;
        if (all.length == 0) {
            throw new IllegalStateException("no text found under " + LICENSES + " or " + DOCS);
        }
        byte[] cut = new byte[size + 1];                         // one byte more, to see where a character ends
        for (int at = 0; at < cut.length; at += all.length) {    // a very bare system: repeat what there is
            System.arraycopy(all, 0, cut, at, Math.min(all.length, cut.length - at));
        }
        int end = boundary(cut, size);
        return new Corpus(new String(cut, 0, end, StandardCharsets.UTF_8), end, files, repeated);
    }

    /** The same text cut to {@code size} bytes: a prefix of this corpus. */
    Corpus prefix(int size) {
        byte[] all = text.getBytes(StandardCharsets.UTF_8);
        int end = boundary(all, Math.min(size, all.length));
        return new Corpus(new String(all, 0, end, StandardCharsets.UTF_8), end, files, repeated);
    }

    String sha256() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String describe() {
        return bytes + " bytes from " + files + " OS text files" + (repeated ? " (repeated: too little text here)" : "")
                + ", sha256 " + sha256() + "…";
    }

    // Largest end <= limit that does not split a UTF-8 sequence.
    private static int boundary(byte[] bytes, int limit) {
        int end = limit;
        if (end >= bytes.length) {
            return bytes.length;
        }
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return end;
    }

    private static List<Path> sources() {
        List<Path> paths = new ArrayList<>(sorted(LICENSES, 1, p -> true));
        paths.addAll(sorted(DOCS, 2, p -> p.getFileName().toString().equals("copyright")));
        paths.addAll(sorted(DOCS, 8, p -> {
            String name = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            return name.startsWith("changelog") || name.startsWith("news") || name.startsWith("readme");
        }));
        return paths;
    }

    private static List<Path> sorted(Path root, int depth, java.util.function.Predicate<Path> wanted) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root, depth)) {
            return walk.filter(Files::isRegularFile).filter(wanted).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    // The file as valid UTF-8 (malformed bytes become U+FFFD); empty if it cannot be read.
    private static byte[] read(Path path) {
        try (InputStream raw = Files.newInputStream(path);
             InputStream in = path.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            byte[] bytes = in.readNBytes(1 << 24);
            return new String(bytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return new byte[0];
        }
    }
}
