package dev.llmf.grader;

import dev.llmf.grader.db.LocalPostgres;
import dev.llmf.grader.seed.SeedDemoCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Starts the grader. With no database configured ({@code quarkus.datasource.jdbc.url} unset as a system property
 * and as {@code QUARKUS_DATASOURCE_JDBC_URL}), it first starts its own PostgreSQL with data in
 * {@code llmf.data-dir} (default {@code .llmf-data}), so the service runs with zero setup. With {@code seed-demo} as
 * its first argument it seeds a big demo class instead and exits (see {@link SeedDemoCommand}).
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
        // Quarkus would answer an address that is not a valid URI with an empty 400; RequestGate checks it instead
        // and says what is wrong in problem details.
        System.setProperty("vertx.disableURIValidation", "true");
        boolean seed = command.equals("seed-demo");
        if (seed) {
            // A one-off command: no HTTP listener, no grading workers; it seeds and exits.
            System.setProperty("quarkus.http.host-enabled", "false");
            System.setProperty("llmf.grading.workers", "0");
        }
        boolean external = System.getProperty("quarkus.datasource.jdbc.url") != null
                || System.getenv("QUARKUS_DATASOURCE_JDBC_URL") != null;
        if (!external) {
            Path dataDir = Path.of(System.getProperty("llmf.data-dir", System.getenv().getOrDefault("LLMF_DATA_DIR", ".llmf-data")));
            int port = Integer.getInteger("llmf.db.port", 54329);
            if (seed && listening(port)) {
                System.err.println("seed-demo: something already listens on the database port " + port + " (a running"
                        + " grader?). Stop the grader first, or give seed-demo another -Dllmf.data-dir and -Dllmf.db.port.");
                System.exit(1);
            }
            LocalPostgres db = LocalPostgres.start(dataDir.resolve("postgres"), port);
            Runtime.getRuntime().addShutdownHook(new Thread(db::close, "postgres-shutdown"));
            System.setProperty("quarkus.datasource.jdbc.url", db.jdbcUrl());
            System.setProperty("quarkus.datasource.username", LocalPostgres.USER);
            System.setProperty("quarkus.datasource.password", db.password());
        }
        if (seed) {
            Quarkus.run(SeedDemoCommand.class, Arrays.copyOfRange(args, 1, args.length));
        } else {
            Quarkus.run(args);
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
