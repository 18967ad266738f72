package dev.llmf.grader;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The settings the launcher needs before Quarkus reads its configuration: each from a system property, else an
 * environment variable, else its default (the same names Quarkus's configuration uses).
 */
final class LaunchSettings {

    private LaunchSettings() {
    }

    static Path dataDir() {
        return Path.of(setting("llmf.data-dir", "LLMF_DATA_DIR", ".llmf-data")).toAbsolutePath();
    }

    static int httpPort() {
        return Integer.parseInt(setting("quarkus.http.port", "QUARKUS_HTTP_PORT", "8080"));
    }

    static int databasePort() {
        return Integer.parseInt(setting("llmf.db.port", "LLMF_DB_PORT", "54329"));
    }

    /** True when a database is configured; otherwise the grader starts its own in the data folder. */
    static boolean externalDatabase() {
        return System.getProperty("quarkus.datasource.jdbc.url") != null
                || System.getenv("QUARKUS_DATASOURCE_JDBC_URL") != null;
    }

    static String setting(String property, String environment, String fallback) {
        return System.getProperty(property, Optional.ofNullable(System.getenv(environment)).orElse(fallback));
    }
}
