package dev.llmf.grader;

import dev.llmf.grader.backup.BackupCommand;
import dev.llmf.grader.backup.RestoreCommand;
import dev.llmf.grader.course.CreateCourseCommand;
import dev.llmf.grader.db.LocalPostgres;
import dev.llmf.grader.seed.SeedDemoCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Starts the grader. With no database configured ({@code quarkus.datasource.jdbc.url} unset as a system property
 * and as {@code QUARKUS_DATASOURCE_JDBC_URL}), it first starts its own PostgreSQL with data in
 * {@code llmf.data-dir} (default {@code .llmf-data}), so the service runs with zero setup. Its other sub-commands
 * ({@link #USAGE}) seed a big demo class, back the database up and restore it, and exit.
 */
@QuarkusMain
public final class GraderMain {

    private GraderMain() {
    }

    /** What the launcher ({@code ./llmf-grader}) may be asked to do. */
    static final String USAGE = """
            usage: llmf-grader [start]                  run the grader
                   llmf-grader seed-demo [--learners N] [--attempts N] [--seed N] [--replace]
                   llmf-grader create-course --slug SLUG --title TITLE --instructor USERNAME [--name N] [--email E] [--url U]
                   llmf-grader backup FILE              write the database to FILE (the grader may keep running)
                   llmf-grader restore FILE             load FILE into a fresh data folder or empty database""";

    public static void main(String... args) throws Exception {
        String command = args.length == 0 ? "start" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        Path dataDir = Path.of(System.getProperty("llmf.data-dir", System.getenv().getOrDefault("LLMF_DATA_DIR", ".llmf-data")));
        int dbPort = Integer.getInteger("llmf.db.port", 54329);
        switch (command) {
            case "start" -> {
                useDatabase(dataDir, dbPort, null);
                Quarkus.run(rest);
            }
            case "seed-demo" -> {
                oneOffCommand();
                useDatabase(dataDir, dbPort, "seed-demo");
                Quarkus.run(SeedDemoCommand.class, rest);
            }
            case "restore" -> {
                oneOffCommand();
                // the course, its exercises and the demo accounts come from the backup
                System.setProperty("llmf.setup.enabled", "false");
                useDatabase(dataDir, dbPort, "restore");
                Quarkus.run(RestoreCommand.class, rest);
            }
            case "create-course" -> {
                oneOffCommand();
                System.setProperty("llmf.setup.enabled", "false");     // just this course: no default one, no demo
                useDatabase(dataDir, dbPort, "create-course");
                Quarkus.run(CreateCourseCommand.class, rest);
            }
            case "backup" -> System.exit(BackupCommand.run(rest, dataDir, dbPort));
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
     * With no external database configured, starts the data folder's embedded PostgreSQL and points Quarkus at it.
     * A one-off {@code command} refuses to share the folder with a running grader.
     */
    private static void useDatabase(Path dataDir, int port, String command) throws Exception {
        boolean external = System.getProperty("quarkus.datasource.jdbc.url") != null
                || System.getenv("QUARKUS_DATASOURCE_JDBC_URL") != null;
        if (external) {
            return;
        }
        if (command != null && LocalPostgres.accepting(port)) {
            System.err.println(command + ": something already listens on the database port " + port + " (a running"
                    + " grader?). Stop the grader first, or give " + command + " another LLMF_DATA_DIR and -Dllmf.db.port.");
            System.exit(1);
        }
        LocalPostgres db = LocalPostgres.start(dataDir.resolve("postgres"), port);
        Runtime.getRuntime().addShutdownHook(new Thread(db::close, "postgres-shutdown"));
        System.setProperty("quarkus.datasource.jdbc.url", db.jdbcUrl());
        System.setProperty("quarkus.datasource.username", LocalPostgres.USER);
        System.setProperty("quarkus.datasource.password", db.password());
    }
}
