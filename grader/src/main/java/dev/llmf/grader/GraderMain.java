package dev.llmf.grader;

import dev.llmf.grader.db.DatabaseState;
import dev.llmf.grader.db.LocalPostgres;
import dev.llmf.grader.db.PostgresSupervisor;
import dev.llmf.grader.seed.SeedDemoCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.quarkus.runtime.configuration.DurationConverter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * Starts the grader. It first takes its data folder ({@code llmf.data-dir}, default {@code .llmf-data}) with an
 * {@link InstanceLock}, so a second start on the same folder refuses instead of breaking the first. With no
 * database configured ({@code quarkus.datasource.jdbc.url} unset as a system property and as
 * {@code QUARKUS_DATASOURCE_JDBC_URL}), it then starts its own PostgreSQL in that folder, supervised, so the service
 * runs with zero setup. With {@code seed-demo} as its first argument it seeds a big demo class instead and exits
 * (see {@link SeedDemoCommand}).
 */
@QuarkusMain
public final class GraderMain {

    private GraderMain() {
    }

    /** What the launcher ({@code ./llmf-grader}) may be asked to do. */
    static final String USAGE = "usage: llmf-grader [start] | seed-demo [--learners N] [--attempts N] [--seed N] [--replace]";

    public static void main(String... args) throws Exception {
        String command = args.length == 0 ? "start" : args[0];
        if (command.equals("start") && args.length > 0) {
            args = Arrays.copyOfRange(args, 1, args.length);
        } else if (!command.equals("start") && !command.equals("seed-demo")) {
            System.err.println("llmf-grader: unknown command '" + command + "'\n" + USAGE);
            System.exit(2);
        }
        boolean seed = command.equals("seed-demo");
        if (seed) {
            // A one-off command: no HTTP listener, no grading workers; it seeds and exits.
            System.setProperty("quarkus.http.host-enabled", "false");
            System.setProperty("llmf.grading.workers", "0");
        }
        Path dataDir = LaunchSettings.dataDir();
        DataFolderCheck.take(command, dataDir);
        if (!LaunchSettings.externalDatabase()) {
            startEmbeddedDatabase(dataDir);
        }
        if (seed) {
            Quarkus.run(SeedDemoCommand.class, Arrays.copyOfRange(args, 1, args.length));
        } else {
            Quarkus.run(args);
        }
    }

    private static void startEmbeddedDatabase(Path dataDir) throws Exception {
        Duration restartDelay = DurationConverter.parseDuration(
                LaunchSettings.setting("llmf.db.restart-delay", "LLMF_DB_RESTART_DELAY", "1s"));
        LocalPostgres db;
        try {
            db = LocalPostgres.start(dataDir.resolve("postgres"), LaunchSettings.databasePort());
        } catch (java.io.IOException e) {
            System.err.println("llmf-grader: the embedded PostgreSQL did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        PostgresSupervisor supervisor = PostgresSupervisor.watch(db, DatabaseState.shared(), restartDelay);
        ShutdownOrder.afterApplicationStop("postgres-shutdown", () -> {
            supervisor.close();
            db.close();
        });
        System.setProperty("quarkus.datasource.jdbc.url", db.jdbcUrl());
        System.setProperty("quarkus.datasource.username", LocalPostgres.USER);
        System.setProperty("quarkus.datasource.password", db.password());
    }
}
