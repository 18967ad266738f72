package dev.llmf.grader;

import dev.llmf.grader.db.LocalPostgres;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.nio.file.Path;

/**
 * Starts the grader. With no database configured ({@code quarkus.datasource.jdbc.url} unset as a system property
 * and as {@code QUARKUS_DATASOURCE_JDBC_URL}), it first starts its own PostgreSQL with data in
 * {@code llmf.data-dir} (default {@code .llmf-data}), so the service runs with zero setup.
 */
@QuarkusMain
public final class GraderMain {

    private GraderMain() {
    }

    public static void main(String... args) throws Exception {
        boolean external = System.getProperty("quarkus.datasource.jdbc.url") != null
                || System.getenv("QUARKUS_DATASOURCE_JDBC_URL") != null;
        if (!external) {
            Path dataDir = Path.of(System.getProperty("llmf.data-dir", System.getenv().getOrDefault("LLMF_DATA_DIR", ".llmf-data")));
            int port = Integer.getInteger("llmf.db.port", 54329);
            LocalPostgres db = LocalPostgres.start(dataDir.resolve("postgres"), port);
            Runtime.getRuntime().addShutdownHook(new Thread(db::close, "postgres-shutdown"));
            System.setProperty("quarkus.datasource.jdbc.url", db.jdbcUrl());
            System.setProperty("quarkus.datasource.username", LocalPostgres.USER);
            System.setProperty("quarkus.datasource.password", db.password());
        }
        Quarkus.run(args);
    }
}
