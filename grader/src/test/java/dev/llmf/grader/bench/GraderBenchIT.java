package dev.llmf.grader.bench;

import dev.llmf.grader.db.LocalPostgres;
import dev.llmf.grader.grading.Exercise;
import dev.llmf.grader.queue.WarmUp;
import dev.llmf.grader.support.GraderProcess;
import dev.llmf.grader.support.Submissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The grader benchmark: submit → graded latency for each exercise's accepted solution, one at a time, then a
 * burst submitted at once, against the packaged grader with its own database. It prints a table (and writes
 * target/bench/grader.md and .csv) and asserts only correctness — every burst submission graded exactly once,
 * at full score — never timings. CI runs it small ({@code -Dllmf.bench=smoke}, the default); docs/operations.md
 * ("Speed: submit → graded") gives the full command ({@code -Dllmf.bench=full}: 5 repeats, a burst of 300 from 20
 * clients). The grader runs with the launcher's {@code -Xmx} and, like {@code ./llmf-grader}, warms up at start
 * ({@code queue.WarmUp}): the benchmark waits for that to end, as a grader that has run a while would have
 * ({@code -Dllmf.bench.warm-up-rounds=0}: none, a freshly started grader; {@code -Dllmf.bench.repeats=N}: lone
 * submissions per exercise).
 */
class GraderBenchIT {

    private static final boolean FULL = "full".equals(System.getProperty("llmf.bench", "smoke"));
    private static final int REPEATS = Integer.getInteger("llmf.bench.repeats", FULL ? 5 : 1);
    /** A deadline rush: this many learners each submit their share of the burst at once, from their own client. */
    private static final int CLIENTS = FULL ? 20 : 2;
    private static final int BURST = FULL ? 300 : 14;
    /** The grader's heap limit as {@code ./llmf-grader} starts it, so the resident memory reported is the real one. */
    private static final String HEAP = launcherHeap();
    /** The grader's start-up warm-up ({@code -Dllmf.bench.warm-up-rounds=0}: none, a freshly started grader). */
    private static final int WARM_UP_ROUNDS = Integer.getInteger("llmf.bench.warm-up-rounds",
            Integer.parseInt(WarmUp.DEFAULT_ROUNDS));

    @Test
    @DisplayName("grader benchmark: latency per exercise and a burst, each submission graded exactly once")
    void benchmark() throws Exception {
        // the grader's start-up warm-up as ./llmf-grader has it (GraderProcess turns it off for the other tests)
        List<String> options = new ArrayList<>(List.of(HEAP, "-Dllmf.grading.warm-up-rounds=" + WARM_UP_ROUNDS));
        String workers = System.getProperty("llmf.bench.workers");   // unset: the grader's default
        if (workers != null) {
            options.add("-Dllmf.grading.workers=" + workers);
        }
        try (GraderProcess grader = GraderProcess.withFreshDatabase(options.toArray(String[]::new))) {
            String password = grader.seedDemo(CLIENTS);
            grader.start();
            Duration warmUp = WARM_UP_ROUNDS == 0 ? Duration.ZERO : awaitWarmUp(grader);
            String token = grader.signInAsDemoLearner();
            Map<Exercise, Map<String, String>> accepted = Arrays.stream(Exercise.values())
                    .collect(Collectors.toMap(e -> e, e -> Submissions.sources(e.id(), "accepted")));

            List<String> rows = new ArrayList<>();
            List<Long> all = new ArrayList<>();
            for (Exercise e : Exercise.values()) {
                List<Long> millis = new ArrayList<>();
                for (int i = 0; i < REPEATS; i++) {
                    Instant start = Instant.now();
                    long id = grader.submit(token, e.id(), accepted.get(e));
                    Instant done = grader.awaitStatus(token, id, "GRADED", Duration.ofMinutes(2), Duration.ofMillis(20));
                    millis.add(Duration.between(start, done).toMillis());
                }
                all.addAll(millis);
                rows.add(row(e.id(), millis));
            }
            rows.add(row("all exercises", all));

            List<String> tokens = new ArrayList<>();
            for (int c = 1; c <= CLIENTS; c++) {
                tokens.add(grader.signIn(String.format("demo-%04d", c), password));
            }
            Instant burstStart = Instant.now();
            Map<Long, String> owners = burst(grader, tokens, accepted);
            List<Long> ids = new ArrayList<>(owners.keySet());
            Instant lastDone = burstStart;
            for (long id : ids) {
                lastDone = grader.awaitStatus(owners.get(id), id, "GRADED", Duration.ofMinutes(5), Duration.ofMillis(50));
            }
            double seconds = Duration.between(burstStart, lastDone).toMillis() / 1000.0;
            long peakKb = peakResidentKb(grader.process().pid());
            int[] exactlyOnce = checkExactlyOnce(grader.database(), ids);
            assertEquals(BURST, exactlyOnce[0], "every burst submission GRADED");
            assertEquals(BURST, exactlyOnce[1], "every burst submission claimed exactly once");
            assertEquals(BURST, exactlyOnce[2], "every burst submission at full score");
            rows.add(row("burst: submitted → graded (server clock)", submittedToGraded(grader.database(), ids)));
            report(rows, warmUp, seconds, peakKb);
        }
    }

    /**
     * Every client submits its share at once, from its own thread, the exercises in turn; returns each submission's
     * id with its owner's token.
     */
    private static Map<Long, String> burst(GraderProcess grader, List<String> tokens,
                                           Map<Exercise, Map<String, String>> accepted) throws Exception {
        Map<Long, String> ids = new java.util.concurrent.ConcurrentSkipListMap<>();
        try (var clients = java.util.concurrent.Executors.newFixedThreadPool(tokens.size())) {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int c = 0; c < tokens.size(); c++) {
                int client = c;
                done.add(clients.submit(() -> {
                    for (int i = client; i < BURST; i += tokens.size()) {
                        Exercise e = Exercise.values()[i % Exercise.values().length];
                        ids.put(grader.submit(tokens.get(client), e.id(), accepted.get(e)), tokens.get(client));
                    }
                    return null;
                }));
            }
            for (var f : done) {
                f.get();
            }
        }
        return ids;
    }

    private static List<Long> submittedToGraded(LocalPostgres db, List<Long> ids) throws Exception {
        String in = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        List<Long> millis = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), LocalPostgres.USER, db.password());
             ResultSet rs = c.createStatement().executeQuery("SELECT (extract(epoch FROM finished_at - submitted_at)"
                     + " * 1000)::bigint FROM submission WHERE id IN (" + in + ")")) {
            while (rs.next()) {
                millis.add(rs.getLong(1));
            }
        }
        return millis;
    }

    private static String row(String name, List<Long> millis) {
        long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
        return "| " + name + " | " + sorted.length + " | " + percentile(sorted, 50) + " | " + percentile(sorted, 95) + " | "
                + sorted[sorted.length - 1] + " |";
    }

    private static long percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    // {graded, claimed once, full score} among the given submissions, straight from the database.
    private static int[] checkExactlyOnce(LocalPostgres db, List<Long> ids) throws Exception {
        String in = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), LocalPostgres.USER, db.password())) {
            ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FILTER (WHERE status = 'GRADED'),"
                    + " count(*) FILTER (WHERE claims = 1), count(*) FILTER (WHERE points_earned = points_possible)"
                    + " FROM submission WHERE id IN (" + in + ")");
            rs.next();
            return new int[] {rs.getInt(1), rs.getInt(2), rs.getInt(3)};
        }
    }

    /** The {@code -Xmx…} option of the java command the launcher script runs (not the one in its help text). */
    private static String launcherHeap() {
        try {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^exec \"\\$JAVA\" (-Xmx\\S+)")
                    .matcher(Files.readString(Path.of("../llmf-grader")));
            if (!m.find()) {
                throw new IllegalStateException("../llmf-grader runs java with no -Xmx");
            }
            return m.group(1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long peakResidentKb(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("VmHWM:")).map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong)
                    .findFirst().orElse(-1);
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * Waits until the grader's start-up warm-up is over (its log says so), as a grader that has run for a while would
     * be; fails if the warm-up found grading broken. Returns how long it took after the grader answered HTTP.
     */
    private static Duration awaitWarmUp(GraderProcess grader) throws Exception {
        Instant start = Instant.now();
        while (!grader.log().contains(WarmUp.DONE)) {
            if (grader.log().contains("warm-up: ") || grader.log().contains("warm-up stopped")) {
                throw new AssertionError("the warm-up failed: " + grader.log());
            }
            if (Duration.between(start, Instant.now()).toMinutes() >= 5) {
                throw new AssertionError("no '" + WarmUp.DONE + "' within 5 minutes: " + grader.log());
            }
            Thread.sleep(200);
        }
        return Duration.between(start, Instant.now());
    }

    private static void report(List<String> rows, Duration warmUp, double burstSeconds, long peakKb) throws Exception {
        StringBuilder md = new StringBuilder("Grader: submit → GRADED (one at a time: client-observed, polling every"
                + " 20 ms), " + System.getProperty("llmf.bench.workers", "the default number of") + " workers, " + (FULL ? "full" : "smoke") + " run on "
                + Runtime.getRuntime().availableProcessors() + " CPUs, " + (WARM_UP_ROUNDS == 0 ? "no start-up warm-up"
                : "after the grader's start-up warm-up (" + WARM_UP_ROUNDS + " rounds, done " + warmUp.toMillis() / 100 / 10.0
                + " s after it answered HTTP)") + "\n\n"
                + "| exercise (accepted solution) | runs | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|\n");
        rows.forEach(r -> md.append(r).append('\n'));
        md.append(String.format("%nBurst: %d submissions from %d clients at once, all graded exactly once at full score in"
                + " %.1f s = %.0f per minute; grader JVM peak resident memory %d MiB with %s as ./llmf-grader starts it (each"
                + " child JVM is capped by its cgroup)%n", BURST, CLIENTS, burstSeconds, BURST * 60 / burstSeconds,
                peakKb / 1024, HEAP));
        String csv = rows.stream().map(r -> r.replaceAll("^\\| | \\|$", "").replace(" | ", ","))
                .collect(Collectors.joining("\n", "exercise,runs,p50_ms,p95_ms,max_ms\n", "\n"))
                + "burst," + BURST + "," + burstSeconds + ",," + peakKb + "\n";
        Path out = Files.createDirectories(Path.of("target/bench"));
        Files.writeString(out.resolve("grader.md"), md);
        Files.writeString(out.resolve("grader.csv"), csv);
        System.out.println(md);
    }
}
