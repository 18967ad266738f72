package dev.llmf.grader.backup;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A backup of the grader's database as one zip: {@code manifest.properties} (the schema version it was made at and
 * each table's row count) and one CSV per table ({@code tables/<name>.csv}, PostgreSQL's own {@code COPY} format
 * with a header row). Made inside one read-only repeatable-read transaction, so it is consistent while the grader
 * keeps grading; needs no {@code pg_dump}, which the embedded PostgreSQL does not ship.
 */
public final class BackupFile {

    static final String MANIFEST = "manifest.properties";
    static final String FORMAT = "llmf-backup-1";
    private static final String SCHEMA_HISTORY = "flyway_schema_history";

    /** What a backup holds: the schema version and the rows per table, in the order they were written. */
    public record Summary(String schemaVersion, Map<String, Long> rows) {
        public long total(String table) {
            return rows.getOrDefault(table, 0L);
        }

        /** e.g. {@code schema version 4; 3 submissions, 24 test results, 2 accounts}. */
        @Override
        public String toString() {
            return "schema version " + schemaVersion + "; " + total("submission") + " submissions, "
                    + total("test_result") + " test results, " + total("account") + " accounts";
        }
    }

    private BackupFile() {
    }

    /** Writes every table of the public schema (but Flyway's history) to {@code file}. */
    public static Summary write(Connection c, Path file) throws SQLException, IOException {
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setReadOnly(true);
        Map<String, Long> rows = new LinkedHashMap<>();
        String version = schemaVersion(c);
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (OutputStream out = Files.newOutputStream(partial); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String table : tables(c)) {
                zip.putNextEntry(new ZipEntry("tables/" + table + ".csv"));
                long n = copy.copyOut("COPY " + table + " TO STDOUT (FORMAT csv, HEADER true)", new NoClose(zip));
                zip.closeEntry();
                rows.put(table, n);
            }
            zip.putNextEntry(new ZipEntry(MANIFEST));
            manifest(version, rows).store(zip, "LLM Foundations grader backup, " + Instant.now());
            zip.closeEntry();
        } finally {
            c.rollback();
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return new Summary(version, rows);
    }

    /**
     * Loads a backup into {@code c}'s database, which must be at the same schema version and hold no rows yet.
     * Triggers and foreign-key checks are off while loading (the rows are consistent already, and derived counts
     * come along as rows), which needs a superuser, as the embedded database's owner is; sequences are moved past
     * the largest id.
     */
    public static Summary restore(Connection c, Path file) throws SQLException, IOException {
        Summary wanted = readManifest(file);
        String here = schemaVersion(c);
        if (!here.equals(wanted.schemaVersion())) {
            throw new IllegalStateException("the backup was made at schema version " + wanted.schemaVersion()
                    + " and this grader's database is at " + here + ": restore with the grader version that made it,"
                    + " then start this one to upgrade");
        }
        c.setAutoCommit(false);
        List<String> tables = tables(c);
        for (String table : tables) {
            long n = count(c, table);
            if (n > 0) {
                throw new IllegalStateException("the database is not empty (" + table + " has " + n + " rows):"
                        + " restore into a fresh data folder or an empty database");
            }
        }
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        try (Statement st = c.createStatement()) {
            st.execute("SET LOCAL session_replication_role = replica");
        }
        Map<String, Long> rows = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (!e.getName().startsWith("tables/")) {
                    continue;
                }
                String table = e.getName().substring("tables/".length(), e.getName().length() - ".csv".length());
                if (!tables.contains(table)) {
                    throw new IllegalStateException("the backup has a table " + table + " this database lacks");
                }
                String header = firstLine(zip);
                rows.put(table, copy.copyIn("COPY " + table + " (" + quotedColumns(header) + ") FROM STDIN (FORMAT csv)", zip));
            }
        }
        for (String table : tables) {
            moveSequencesPastRows(c, table);
        }
        if (!rows.equals(wanted.rows())) {
            c.rollback();
            throw new IllegalStateException("the restored rows " + rows + " differ from the backup's manifest " + wanted.rows());
        }
        c.commit();
        return new Summary(here, rows);
    }

    /** The manifest of a backup file, without loading it. */
    public static Summary readManifest(Path file) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals(MANIFEST)) {
                    Properties p = new Properties();
                    p.load(new StringReader(new String(zip.readAllBytes(), StandardCharsets.UTF_8)));
                    if (!FORMAT.equals(p.getProperty("format"))) {
                        throw new IOException(file + " is not a grader backup (format " + p.getProperty("format") + ")");
                    }
                    Map<String, Long> rows = new LinkedHashMap<>();
                    for (String table : p.getProperty("tables", "").split(",")) {
                        if (!table.isEmpty()) {
                            rows.put(table, Long.parseLong(p.getProperty("rows." + table)));
                        }
                    }
                    return new Summary(p.getProperty("schema-version"), rows);
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + " is not a grader backup (not a zip: " + e.getMessage() + ")", e);
        }
        throw new IOException(file + " is not a grader backup (no " + MANIFEST + ")");
    }

    private static Properties manifest(String version, Map<String, Long> rows) {
        Properties p = new Properties();
        p.setProperty("format", FORMAT);
        p.setProperty("schema-version", version);
        p.setProperty("tables", String.join(",", rows.keySet()));
        rows.forEach((t, n) -> p.setProperty("rows." + t, Long.toString(n)));
        return p;
    }

    static String schemaVersion(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT version FROM " + SCHEMA_HISTORY
                     + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
            if (!rs.next()) {
                throw new IllegalStateException("the database has no schema yet");
            }
            return rs.getString(1);
        }
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                     + " AND table_type = 'BASE TABLE' AND table_name <> '" + SCHEMA_HISTORY + "' ORDER BY table_name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void moveSequencesPastRows(Connection c, String table) throws SQLException {
        List<String> serialColumns = new ArrayList<>();
        try (var ps = c.prepareStatement("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public'"
                + " AND table_name = ? AND column_default LIKE 'nextval(%'")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    serialColumns.add(rs.getString(1));
                }
            }
        }
        for (String column : serialColumns) {
            try (Statement st = c.createStatement()) {
                st.execute("SELECT setval(pg_get_serial_sequence('" + table + "', '" + column + "'), "
                        + "COALESCE((SELECT max(" + column + ") FROM " + table + "), 0) + 1, false)");
            }
        }
    }

    private static String quotedColumns(String header) {
        List<String> columns = new ArrayList<>();
        for (String column : header.split(",")) {
            if (!column.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalStateException("unexpected column name in the backup: " + column);
            }
            columns.add('"' + column + '"');
        }
        return String.join(", ", columns);
    }

    /** The header row (column names never hold a newline); the stream is left at the first data row. */
    private static String firstLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != -1 && b != '\n'; ) {
            line.append((char) b);
        }
        return line.toString();
    }

    /** Lets COPY write into the current zip entry without closing the whole zip. */
    private static final class NoClose extends java.io.FilterOutputStream {
        NoClose(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
