package dev.llmf.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Where {@code llmf login} keeps the grader's address and the API token: {@code $LLMF_CONFIG} if set, else
 * {@code $XDG_CONFIG_HOME/llmf/config.properties}, else {@code ~/.config/llmf/config.properties}; readable by its
 * owner only (600).
 */
public record Config(Path file, String server, String token, String username) {

    public static final String DEFAULT_SERVER = "http://127.0.0.1:8080";

    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    public static Path location(Map<String, String> env, Path home) {
        String override = env.get("LLMF_CONFIG");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config");
        return base.resolve("llmf").resolve("config.properties");
    }

    /** The saved settings; all null (but the file) when nothing is saved yet. */
    public static Config load(Context ctx) {
        Path file = location(ctx.env(), ctx.home());
        if (!Files.isRegularFile(file)) {
            return new Config(file, null, null, null);
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw CliException.failed("cannot read " + file + ": " + e.getMessage());
        }
        return new Config(file, blankToNull(p.getProperty("server")), blankToNull(p.getProperty("token")),
                blankToNull(p.getProperty("username")));
    }

    /** The token, or the "not logged in" error. */
    public String requireToken() {
        if (token == null) {
            throw CliException.failed("not logged in: run `./llmf login` first (no token in " + file + ")");
        }
        return token;
    }

    public String serverOrDefault() {
        return server == null ? DEFAULT_SERVER : server;
    }

    /** Writes the file owner-only, replacing the old one in one step. */
    public void save() {
        Properties p = new Properties();
        p.setProperty("server", server);
        p.setProperty("token", token);
        if (username != null) {
            p.setProperty("username", username);
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                if (posix(dir.getRoot())) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
                } else {
                    Files.createDirectories(dir);
                }
            }
            Path tmp = dir.resolve(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            boolean posix = posix(dir);
            try {
                if (posix) {
                    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
                } else {
                    Files.createFile(tmp);
                }
            } catch (FileAlreadyExistsException e) {
                throw new IOException("another llmf is writing " + tmp, e);
            }
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "llmf: the grader's address and your API token; keep this file private");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            if (posix) {
                Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
            }
        } catch (IOException e) {
            throw CliException.failed("cannot save the token to " + file + ": " + e.getMessage());
        }
    }

    private static boolean posix(Path p) {
        return p != null && p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
