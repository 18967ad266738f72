package dev.llmf.grader.api;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Turns what a learner uploads — Java source files, or one zip of them — into {@code path → source}, enforcing
 * the limits. Every violation is an {@link ApiException} (4xx) that says what to fix; nothing here can throw
 * anything else for any input.
 */
public final class SubmissionFiles {

    public static final int MAX_FILES = 50;
    public static final int MAX_FILE_BYTES = 200 * 1024;
    public static final int MAX_TOTAL_BYTES = 1024 * 1024;
    private static final int MAX_ZIP_ENTRIES = 500;
    private static final int MAX_PATH_LENGTH = 200;
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_$.\\-]+(/[A-Za-z0-9_$.\\-]+)*");
    private static final String MAIN_SOURCES = "src/main/java/";

    private final Map<String, String> files = new LinkedHashMap<>();
    private int totalBytes;

    /**
     * The accepted sources of uploaded multipart parts, for the REST API and the web form alike. A part with no file
     * name and no bytes (what a browser sends for a file input left empty) is skipped.
     */
    public static Map<String, String> fromUploads(List<FileUpload> uploads) {
        SubmissionFiles accepted = new SubmissionFiles();
        for (FileUpload upload : uploads == null ? List.<FileUpload>of() : uploads) {
            boolean unnamed = upload.fileName() == null || upload.fileName().isBlank();
            if (unnamed && upload.size() == 0) {
                continue;
            }
            accepted.add(upload.fileName(), read(upload));
        }
        return accepted.sources();
    }

    private static byte[] read(FileUpload upload) {
        try {
            long size = Files.size(upload.uploadedFile());
            if (size > MAX_TOTAL_BYTES) {
                throw ApiException.tooLarge("'" + upload.fileName() + "' has " + size + " bytes; a submission may have at most "
                        + MAX_TOTAL_BYTES);
            }
            return Files.readAllBytes(upload.uploadedFile());
        } catch (IOException e) {
            throw ApiException.badRequest("the upload of '" + upload.fileName() + "' could not be read");
        }
    }

    /** Adds one uploaded part: a {@code .java} file, or a {@code .zip} whose Java sources are taken. */
    public void add(String fileName, byte[] content) {
        String name = fileName == null ? "" : fileName.trim();
        if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) {
            addZip(name, content);
        } else {
            addSource(name, content);
        }
    }

    /** The accepted sources, in upload order. */
    public Map<String, String> sources() {
        if (files.isEmpty()) {
            throw ApiException.badRequest("nothing to submit: send your .java files (or one .zip of them) as multipart form"
                    + " parts named 'file'");
        }
        return Map.copyOf(files);
    }

    private void addSource(String path, byte[] content) {
        String clean = checkPath(path);
        if (!clean.endsWith(".java")) {
            throw ApiException.badRequest("'" + path + "' is not a .java file: only Java sources (or one .zip of them) are graded");
        }
        if (files.size() >= MAX_FILES) {
            throw ApiException.tooLarge("too many files: at most " + MAX_FILES + " per submission");
        }
        if (content.length > MAX_FILE_BYTES) {
            throw ApiException.tooLarge("'" + clean + "' has " + content.length + " bytes; a file may have at most "
                    + MAX_FILE_BYTES);
        }
        totalBytes += content.length;
        if (totalBytes > MAX_TOTAL_BYTES) {
            throw ApiException.tooLarge("the submission is larger than " + MAX_TOTAL_BYTES + " bytes in all");
        }
        if (files.containsKey(clean)) {
            throw ApiException.badRequest("'" + clean + "' is in the submission twice");
        }
        files.put(clean, utf8(clean, content));
    }

    private void addZip(String zipName, byte[] zip) {
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (++entries > MAX_ZIP_ENTRIES) {
                    throw ApiException.tooLarge("'" + zipName + "' has more than " + MAX_ZIP_ENTRIES + " entries");
                }
                String path = entry.getName();
                if (entry.isDirectory() || !path.endsWith(".java") || path.contains("src/test/")) {
                    continue;                        // folders, build files, READMEs and tests are not graded
                }
                int main = path.indexOf(MAIN_SOURCES);
                addSource(main >= 0 ? path.substring(main + MAIN_SOURCES.length()) : path, readCapped(in, path));
            }
        } catch (ZipException | java.io.EOFException e) {
            throw ApiException.badRequest("'" + zipName + "' is not a readable zip file: " + e.getMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("'" + zipName + "' could not be read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("'" + zipName + "' has an entry name that is not valid UTF-8");
        }
        if (entries == 0) {
            throw ApiException.badRequest("'" + zipName + "' is empty or not a zip file");
        }
    }

    // Reads one entry, refusing to inflate more than a file may hold (a zip bomb stops here).
    private static byte[] readCapped(InputStream in, String path) throws IOException {
        byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        if (bytes.length > MAX_FILE_BYTES) {
            throw ApiException.tooLarge("'" + path + "' is larger than " + MAX_FILE_BYTES + " bytes once unzipped");
        }
        return bytes;
    }

    private static String checkPath(String path) {
        String p = path.startsWith("./") ? path.substring(2) : path;
        if (p.isEmpty()) {
            throw ApiException.badRequest("a file has no name: give every part a file name ending in .java");
        }
        if (p.length() > MAX_PATH_LENGTH || !SAFE_PATH.matcher(p).matches()) {
            throw ApiException.badRequest("'" + path + "' is not an allowed file name: use letters, digits, '_', '-', '.'"
                    + " and '/' between folders, with no leading '/' or '\\\\'");
        }
        for (String segment : p.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                throw ApiException.badRequest("'" + path + "' may not contain '.' or '..' folders");
            }
        }
        return p;
    }

    private static String utf8(String path, byte[] content) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content)).toString();
            if (text.indexOf('\0') >= 0) {
                throw ApiException.badRequest("'" + path + "' contains a NUL byte: is it a binary file?");
            }
            return text;
        } catch (CharacterCodingException e) {
            throw ApiException.badRequest("'" + path + "' is not valid UTF-8 text: save it as UTF-8 and submit again");
        }
    }
}
