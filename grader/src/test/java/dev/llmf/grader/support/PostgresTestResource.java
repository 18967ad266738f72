package dev.llmf.grader.support;

import dev.llmf.grader.db.LocalPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;

/**
 * A real PostgreSQL for the tests: a Testcontainers container where a Docker engine answers, otherwise the same
 * embedded server the grader starts on its own, in a throwaway folder. Never H2, never a mock.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private PostgreSQLContainer container;
    private LocalPostgres local;
    private Path folder;

    @Override
    public Map<String, String> start() {
        try {
            folder = Files.createTempDirectory("llmf-test-");
            // open to other users: as root, PostgreSQL runs as nobody and must reach its folder
            Files.setPosixFilePermissions(folder, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            if (dockerAvailable()) {
                container = new PostgreSQLContainer("postgres:16-alpine");
                container.start();
                return config(container.getJdbcUrl(), container.getUsername(), container.getPassword());
            }
            local = LocalPostgres.start(folder.resolve("postgres"), freePort());
            return config(local.jdbcUrl(), LocalPostgres.USER, local.password());
        } catch (IOException e) {
            throw new IllegalStateException("could not start PostgreSQL for the tests", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> config(String url, String user, String password) {
        return Map.of("quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", user,
                "quarkus.datasource.password", password,
                "llmf.data-dir", folder.resolve("data").toString());
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void stop() {
        if (container != null) {
            container.stop();
        }
        if (local != null) {
            local.close();
        }
        if (folder != null) {
            try (var walk = Files.walk(folder)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp folder left behind is harmless
            }
        }
    }
}
