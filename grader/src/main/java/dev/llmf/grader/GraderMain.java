package dev.llmf.grader;

import dev.llmf.grader.backup.BackupCommand;
import dev.llmf.grader.backup.RestoreCommand;
import dev.llmf.grader.db.DatabaseState;
import dev.llmf.grader.db.LocalPostgres;
import dev.llmf.grader.db.PostgresSupervisor;
import dev.llmf.grader.seed.SeedDemoCommand;
import dev.llmf.grader.starter.StarterTemplateCommand;
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
 * runs with zero setup. Its other sub-commands ({@link #USAGE}) seed a big demo class, back the database up and
 * restore it, and exit.
 */
@QuarkusMain
public final class GraderMain {

    private GraderMain() {
    }

    /** What the launcher ({@code ./llmf-grader}) may be asked to do. */
    static final String USAGE = """
            usage: llmf-grader [start]                  run the grader
                   llmf-grader seed-demo [--learners N] [--attempts N] [--seed N] [--replace]
                   llmf-grader backup FILE              write the database to FILE (the grader may keep running)
                   llmf-grader restore FILE             load FILE into a fresh data folder or empty database
                   llmf-grader starter-template FOLDER --server URL   the learner starter as a template repository""";

    public static void main(String... args) throws Exception {
        String command = args.length == 0 ? "start" : args[0];
        // Quarkus would answer an address that is not a valid URI with an empty 400; RequestGate checks it instead
        // and says what is wrong in problem details.
        System.setProperty("vertx.disableURIValidation", "true");
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        Path dataDir = LaunchSettings.dataDir();
        switch (command) {
            case "start" -> {
                useDatabase(dataDir, command);
                Quarkus.run(rest);
            }
            case "seed-demo" -> {
                oneOffCommand();
                useDatabase(dataDir, command);
                Quarkus.run(SeedDemoCommand.class, rest);
            }
            case "restore" -> {
                oneOffCommand();
                // the course, its exercises and the demo accounts come from the backup
                System.setProperty("llmf.setup.enabled", "false");
                useDatabase(dataDir, command);
                Quarkus.run(RestoreCommand.class, rest);
            }
            case "backup" -> {
                int dbPort = LaunchSettings.databasePort();
                if (!LaunchSettings.externalDatabase() && !LocalPostgres.accepting(dbPort)) {
                    DataFolderCheck.take(command, dataDir);   // it starts the folder's PostgreSQL for itself
                }
                System.exit(BackupCommand.run(rest, dataDir, dbPort));
            }
            case "starter-template" -> System.exit(StarterTemplateCommand.run(rest));
            case "-h", "--help", "help" -> System.out.println(USAGE);
            default -> {
                System.err.println("llmf-grader: unknown command '" + command + "'\n" + USAGE);
                System.exit(2);
            }
        }
    }

    // A one-off command: no HTTP listener, no grading workers; it does its work and exits.
    private static void oneOffCommand() {
        System.setProperty("quarkus.http.host-enabled", "false");
        System.setProperty("llmf.grading.workers", "0");
    }

    /**
     * Takes the data folder for {@code command} (or exits with one line naming its owner) and, with no external
     * database configured, starts the folder's embedded PostgreSQL under a supervisor and points Quarkus at it.
     */
    private static void useDatabase(Path dataDir, String command) throws java.io.IOException {
        DataFolderCheck.take(command, dataDir);
        if (LaunchSettings.externalDatabase()) {
            return;
        }
        Duration restartDelay = DurationConverter.parseDuration(
                LaunchSettings.setting("llmf.db.restart-delay", "LLMF_DB_RESTART_DELAY", "1s"));
        LocalPostgres db;
        try {
            db = LocalPostgres.start(dataDir.resolve("postgres"), LaunchSettings.databasePort());
        } catch (java.io.IOException e) {
            System.err.println("llmf-grader: the embedded PostgreSQL did not start: " + e.getMessage());
            System.exit(1);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
