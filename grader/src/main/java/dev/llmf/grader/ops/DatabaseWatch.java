package dev.llmf.grader.ops;

import dev.llmf.grader.db.DatabaseState;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Brings the {@link DatabaseState} back up: while it is down, tries a plain connection once a second (not through
 * the pool, so a failed try logs nothing) and marks it up when one opens. That covers an external database and a
 * connection cut while the embedded server kept running; the supervisor marks a restarted embedded one up itself.
 * On every recovery the pool drops its connections first: they all belonged to the server that went away.
 */
@ApplicationScoped
public class DatabaseWatch {

    private static final int PROBE_TIMEOUT_SECONDS = 2;

    @Inject
    AgroalDataSource pool;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> user;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> password;

    private final DatabaseState state = DatabaseState.shared();
    private final Runnable dropPooledConnections = () -> pool.flush(AgroalDataSource.FlushMode.GRACEFUL);
    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent event) {
        state.onRecovery(dropPooledConnections);
        timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("database-watch").unstarted(r));
        timer.scheduleWithFixedDelay(this::probeWhileDown, 1, 1, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        state.removeOnRecovery(dropPooledConnections);
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void probeWhileDown() {
        if (!state.isUp() && answers()) {
            state.up();
        }
    }

    private boolean answers() {
        Properties properties = new Properties();
        user.ifPresent(u -> properties.setProperty("user", u));
        password.ifPresent(p -> properties.setProperty("password", p));
        properties.setProperty("connectTimeout", Integer.toString(PROBE_TIMEOUT_SECONDS));
        properties.setProperty("socketTimeout", Integer.toString(PROBE_TIMEOUT_SECONDS));
        try (Connection c = new org.postgresql.Driver().connect(url, properties)) {   // no driver lookup to fail
            return c != null && c.isValid(PROBE_TIMEOUT_SECONDS);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }
}
