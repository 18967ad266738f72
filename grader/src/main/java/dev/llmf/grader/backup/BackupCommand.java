package dev.llmf.grader.backup;

import dev.llmf.grader.db.LocalPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

/**
 * {@code llmf-grader backup FILE}: writes the database to a backup file (see {@link BackupFile}) while the grader
 * may keep running. With an external database ({@code QUARKUS_DATASOURCE_JDBC_URL} and friends, as for the server)
 * it connects there; otherwise to the embedded PostgreSQL of the data folder — the running one, or one started for
 * the backup and stopped after it.
 */
public final class BackupCommand {

    private BackupCommand() {
    }

    /** Returns the exit code: 0 written, 1 failed (the message says why), 2 usage. */
    public static int run(String[] args, Path dataDir, int dbPort) {
        if (args.length != 1 || args[0].startsWith("-")) {
            System.err.println("usage: llmf-grader backup FILE");
            return 2;
        }
        Path file = Path.of(args[0]).toAbsolutePath();
        if (Files.isDirectory(file) || !Files.isDirectory(file.getParent())) {
            System.err.println("backup: " + file + " must be a file in an existing folder");
            return 2;
        }
        try (Database db = Database.open(dataDir, dbPort); Connection c = db.connect()) {
            BackupFile.Summary s = BackupFile.write(c, file);
            System.out.println("backup: " + file + " written (" + s + ")");
            return 0;
        } catch (Exception e) {
            System.err.println("backup: failed: " + e.getMessage());
            return 1;
        }
    }

    /** The database to back up, and the embedded server started for it (stopped on close), if any. */
    private record Database(String url, String user, String password, LocalPostgres startedHere) implements AutoCloseable {

        static Database open(Path dataDir, int port) throws Exception {
            String url = setting("quarkus.datasource.jdbc.url");
            if (url != null) {
                return new Database(url, setting("quarkus.datasource.username"), setting("quarkus.datasource.password"), null);
            }
            Path home = LocalPostgres.homeFor(dataDir);
            if (LocalPostgres.accepting(port)) {
                return new Database(LocalPostgres.jdbcUrl(port), LocalPostgres.USER, LocalPostgres.readPassword(home), null);
            }
            if (!Files.isDirectory(home.resolve("cluster"))) {
                throw new IllegalStateException("no database in " + dataDir + " (set LLMF_DATA_DIR to the grader's data folder)");
            }
            LocalPostgres pg = LocalPostgres.start(dataDir.resolve("postgres"), port);
            return new Database(pg.jdbcUrl(), LocalPostgres.USER, pg.password(), pg);
        }

        Connection connect() throws Exception {
            return DriverManager.getConnection(url, user, password);
        }

        @Override
        public void close() {
            if (startedHere != null) {
                startedHere.close();
            }
        }

        // As Quarkus reads them: a system property, else the environment variable of the same name.
        private static String setting(String name) {
            String value = System.getProperty(name);
            return value != null ? value : System.getenv(name.toUpperCase(java.util.Locale.ROOT).replaceAll("[.-]", "_"));
        }
    }
}
