package dev.llmf.grader.ops;

import dev.llmf.grader.GraderConfig;
import dev.llmf.grader.db.DatabaseOutage;
import dev.llmf.grader.db.DatabaseState;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * The database in {@code /q/health} (in place of the datasource's own check, which would try the pool on every
 * probe during an outage and log each failure): not ready while it is unreachable (the API answers 503 then); while
 * it is up, readiness also checks that a pooled connection answers. Still live during an outage, as the grader
 * brings the database back by itself, unless it has been away longer than {@code llmf.db.liveness-grace}: then
 * restarting the whole grader is the next thing to try.
 */
@ApplicationScoped
public class DatabaseHealth {

    private static final int VALIDATION_SECONDS = 2;

    @Inject
    GraderConfig config;

    @Inject
    AgroalDataSource pool;

    private final DatabaseState state = DatabaseState.shared();

    @Produces
    @Readiness
    HealthCheck ready() {
        return () -> {
            if (state.isUp()) {
                checkPool();
            }
            return describe(HealthCheckResponse.named("database").status(state.isUp()));
        };
    }

    @Produces
    @Liveness
    HealthCheck live() {
        return () -> {
            Duration grace = config.db().livenessGrace();
            boolean recovering = state.downSince().map(since -> since.plus(grace).isAfter(Instant.now())).orElse(true);
            return describe(HealthCheckResponse.named("database recovery").status(recovering)
                    .withData("gives up after", grace.toString()));
        };
    }

    private void checkPool() {
        try (Connection c = pool.getConnection()) {
            if (!c.isValid(VALIDATION_SECONDS)) {
                state.down("a pooled connection did not answer within " + VALIDATION_SECONDS + " s");
            }
        } catch (SQLException | RuntimeException e) {
            state.down(DatabaseOutage.in(e).orElse(String.valueOf(e.getMessage())));
        }
    }

    private HealthCheckResponse describe(HealthCheckResponseBuilder check) {
        state.downSince().ifPresent(since -> check.withData("down since", since.toString()));
        state.reason().ifPresent(why -> check.withData("reason", why));
        return check.build();
    }
}
