package dev.llmf.grader.seed;

import dev.llmf.grader.CourseSetup;
import dev.llmf.grader.auth.Passwords;
import dev.llmf.grader.grading.Exercise;
import dev.llmf.grader.grading.SuiteRunner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.DisplayName;

import javax.sql.DataSource;
import java.lang.reflect.Method;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;

/**
 * Seeds a big demo class into the course, fast: learners {@code demo-0001} … with one shared password, each with
 * {@code attempts} graded submissions per exercise and a result per hidden test, plus their progress. Everything
 * is generated inside PostgreSQL by {@code INSERT … SELECT} over {@code generate_series}, so no row crosses the
 * wire; "random" numbers are {@code hashint8extended} of the row's coordinates and the seed, so the same seed
 * gives the same data (times are relative to the day it runs).
 *
 * <p>The story the numbers tell: the course ran for the last ~11 weeks with an exercise opening every 10 days and
 * due 14 days later (the seed sets that schedule); learners start somewhere in each window and submit more and
 * more often towards the due date; each learner fixes each test at some attempt (earlier for stronger learners
 * and easier tests, sometimes never), so scores improve over attempts; a failing test says one of a handful of
 * messages, the same for one learner's bug across attempts.
 */
@ApplicationScoped
public class DemoSeeder {

    /** Seeded learners are {@code demo-<number>}; --replace deletes exactly those. */
    static final String SEEDED = "id IN (SELECT account_id FROM membership WHERE course_id = ?) AND username ~ '^demo-[0-9]+$'";

    private static final List<String> MESSAGES = List.of(
            "not yet implemented: your code still throws the stub's \"TODO: implement this\"",
            "expected the reference's values within 1e-5, but the largest difference is 0.0312 at index [0, 2]",
            "wrong shape: expected [2, 4] but was [4, 2]",
            "your code threw ArrayIndexOutOfBoundsException: Index 4 out of bounds for length 4",
            "your code threw NullPointerException: Cannot read the array length because \"row\" is null");

    /** What was seeded. */
    public record Result(int learners, String firstUsername, String lastUsername, long submissions, long testResults,
                         long progressRows, String password, long millis) {
    }

    /** The course already has seeded learners and --replace was not given. */
    public static final class AlreadySeeded extends RuntimeException {
        AlreadySeeded(String message) {
            super(message, null, false, false);
        }
    }

    private static final Logger LOG = Logger.getLogger(DemoSeeder.class);

    @Inject
    DataSource dataSource;

    public Result seed(SeedOptions options) {
        long start = System.nanoTime();
        String password = randomPassword();
        String hash = Passwords.hash(password);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            long[] counts;
            try {
                counts = seed(c, options, hash);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                st.execute("ANALYZE account, submission, test_result, progress");   // plans for the big tables now
            }
            String width = "%0" + Math.max(4, String.valueOf(options.learners()).length()) + "d";
            return new Result(options.learners(), "demo-" + String.format(width, 1),
                    "demo-" + String.format(width, options.learners()), counts[0], counts[1], counts[2], password,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (SQLException e) {
            throw new IllegalStateException("seeding failed: " + e.getMessage(), e);
        }
    }

    private long[] seed(Connection c, SeedOptions o, String passwordHash) throws SQLException {
        long started = System.nanoTime();
        long course = single(c, "SELECT id FROM course WHERE slug = ?", CourseSetup.COURSE);
        long existing = single(c, "SELECT count(*) FROM account WHERE " + SEEDED, course);
        if (existing > 0 && !o.replace()) {
            throw new AlreadySeeded("the course already has " + existing + " seeded learners (demo-…); run again with"
                    + " --replace to delete them with all their submissions and seed anew");
        }
        // A grader sharing this database must not insert submissions while their ids are handed out below.
        update(c, "LOCK TABLE submission IN SHARE ROW EXCLUSIVE MODE");
        skipTriggersIfAllowed(c);
        if (existing > 0) {
            deleteSeeded(c, course);
        }
        defineFunctions(c, o);
        int exercises = (int) single(c, "SELECT count(*) FROM exercise WHERE course_id = ?", course);
        scheduleCourse(c, course, exercises);
        createLearners(c, course, o.learners(), passwordHash);
        createTests(c, course);
        long total = (long) o.learners() * exercises * o.attempts();
        long base = single(c, "SELECT nextval(pg_get_serial_sequence('submission', 'id'))");
        single(c, "SELECT setval(pg_get_serial_sequence('submission', 'id'), ?)", base + total - 1);
        // One row per learner, exercise and test: the attempt from which the test passes, and the learner's bug.
        update(c, "CREATE TEMP TABLE seed_fix ON COMMIT DROP AS"
                + " SELECT l.i, l.id AS account_id, e.n, e.id AS exercise_id, t.position, t.points,"
                + " " + o.attempts() + " * 1.2 * pg_temp.rnd(pg_temp.k(l.i, e.n, t.position, 0, 1)) ^ 2 * t.difficulty"
                + "   / (0.6 + 0.8 * pg_temp.rnd(pg_temp.k(l.i, 0, 0, 0, 2))) AS fixed_at,"
                + " pg_temp.rnd(pg_temp.k(l.i, e.n, t.position, 0, 4)) < 0.5 AS stub_first,"
                + " 2 + (floor(4 * pg_temp.rnd(pg_temp.k(l.i, e.n, t.position, 0, 5)) ^ 2)::int + t.position) % 4 AS bug"
                + " FROM seed_learner l CROSS JOIN seed_exercise e JOIN seed_test t ON t.exercise_id = e.id");
        // Submission ids are computed, not returned, so the test results can name theirs without a join.
        String id = base + " + ((f.i - 1) * " + exercises + " + (f.n - 1)) * " + o.attempts() + " + (a - 1)";
        long submissions = update(c, "INSERT INTO submission (id, account_id, exercise_id, status, seed, submitted_at,"
                + " started_at, heartbeat_at, finished_at, claims, worker, points_earned, points_possible)"
                + " SELECT f.id, f.account_id, f.exercise_id, 'GRADED', hashint8extended(pg_temp.k(f.i, f.n, 0, f.a, 0), " + o.seed() + "),"
                + " w.at, w.at + interval '1 second', w.at + interval '1 second',"
                + " w.at + interval '1 second' * (2 + (f.i + f.a) % 7), 1, 'seed-demo', f.earned, e.possible"
                + " FROM (SELECT " + id + " AS id, f.i, f.n, a, f.account_id, f.exercise_id,"
                + "         COALESCE(sum(f.points) FILTER (WHERE a >= f.fixed_at), 0) AS earned"
                + "       FROM seed_fix f CROSS JOIN generate_series(1, " + o.attempts() + ") a"
                + "       GROUP BY f.i, f.n, a, f.account_id, f.exercise_id) f"
                + " JOIN seed_exercise e ON e.id = f.exercise_id"
                + " CROSS JOIN LATERAL (SELECT e.opens_at + (e.due_at - interval '1 second' - e.opens_at)"
                + "   * pg_temp.when_frac(f.i, f.n, f.a) AS at) w ORDER BY 1");
        LOG.infof("seed-demo: %d submissions after %d ms", submissions, (System.nanoTime() - started) / 1_000_000);
        // Half the first attempts still fail with the stub's message; the other failures say the learner's bug.
        long results;
        try (PreparedStatement ps = prepare(c, "INSERT INTO test_result (submission_id, position, test_key, display_name,"
                + " passed, points_earned, points_possible, visibility, message, duration_ms)"
                + " SELECT " + id + ", t.position, t.test_key, t.display_name, a >= f.fixed_at,"
                + " CASE WHEN a >= f.fixed_at THEN t.points ELSE 0 END, t.points, t.visibility,"
                + " CASE WHEN a >= f.fixed_at THEN NULL WHEN a = 1 AND f.stub_first THEN (?::text[])[1] ELSE (?::text[])[f.bug] END,"
                + " 5 + (f.i * 31 + a * 17 + t.position * 7) % 200"
                + " FROM seed_fix f JOIN seed_test t ON t.exercise_id = f.exercise_id AND t.position = f.position"
                + " CROSS JOIN generate_series(1, " + o.attempts() + ") a")) {
            java.sql.Array messages = c.createArrayOf("text", MESSAGES.toArray());
            ps.setArray(1, messages);
            ps.setArray(2, messages);
            results = ps.executeLargeUpdate();
        }
        LOG.infof("seed-demo: %d test results after %d ms", results, (System.nanoTime() - started) / 1_000_000);
        long progress = update(c, """
                INSERT INTO progress (account_id, exercise_id, attempts, best_submission_id, best_earned, best_possible,
                                      latest_submission_id, latest_earned, latest_possible, updated_at, best_attempt,
                                      latest_submitted_at)
                SELECT account_id, exercise_id, count(*),
                       (array_agg(id ORDER BY fraction DESC, id))[1], (array_agg(points_earned ORDER BY fraction DESC, id))[1],
                       (array_agg(points_possible ORDER BY fraction DESC, id))[1],
                       max(id), (array_agg(points_earned ORDER BY id DESC))[1], (array_agg(points_possible ORDER BY id DESC))[1],
                       max(finished_at), (array_agg(attempt ORDER BY fraction DESC, id))[1], max(submitted_at)
                FROM (SELECT s.*, s.points_earned::numeric / NULLIF(s.points_possible, 0) AS fraction,
                             (s.id - ?) % ? + 1 AS attempt
                      FROM submission s WHERE s.id BETWEEN ? AND ?) s
                GROUP BY account_id, exercise_id""", base, o.attempts(), base, base + total - 1);
        LOG.infof("seed-demo: %d progress rows after %d ms", progress, (System.nanoTime() - started) / 1_000_000);
        try (Statement st = c.createStatement()) {
            st.execute("SELECT recount_submission_activity()");     // its trigger did not run on these rows
        }
        return new long[] {submissions, results, progress};
    }

    /**
     * Foreign-key checks are triggers that would run once per inserted row; the rows here are consistent by
     * construction, so a superuser (the embedded database's owner) skips them for this transaction, as pg_restore's
     * --disable-triggers does. Others keep the checks and are only slower.
     */
    private static void skipTriggersIfAllowed(Connection c) throws SQLException {
        if (single(c, "SELECT count(*) FROM pg_roles WHERE rolname = current_user AND rolsuper") == 1) {
            update(c, "SET LOCAL session_replication_role = replica");
        }
    }

    // Foreign keys would cascade row by row; deleting each table's rows in one statement is much faster.
    private static void deleteSeeded(Connection c, long course) throws SQLException {
        update(c, "CREATE TEMP TABLE seeded ON COMMIT DROP AS SELECT id FROM account WHERE " + SEEDED, course);
        update(c, "CREATE TEMP TABLE seeded_submission ON COMMIT DROP AS"
                + " SELECT s.id FROM submission s JOIN seeded a ON a.id = s.account_id");
        update(c, "DELETE FROM progress WHERE account_id IN (SELECT id FROM seeded)");
        for (String table : List.of("test_result", "submission_file", "regrade_item")) {
            update(c, "DELETE FROM " + table + " WHERE submission_id IN (SELECT id FROM seeded_submission)");
        }
        update(c, "DELETE FROM submission WHERE id IN (SELECT id FROM seeded_submission)");
        update(c, "DELETE FROM account WHERE id IN (SELECT id FROM seeded)");
        update(c, "UPDATE regrade r SET finished_at = now() WHERE finished_at IS NULL AND NOT EXISTS"
                + " (SELECT 1 FROM regrade_item i WHERE i.regrade_id = r.id AND i.finished_at IS NULL)");
    }

    // Session-local helpers: k() packs a row's coordinates into one number, rnd() turns it into [0, 1).
    private static void defineFunctions(Connection c, SeedOptions o) throws SQLException {
        int attempts = o.attempts();
        update(c, "CREATE OR REPLACE FUNCTION pg_temp.k(i int, n int, t int, a int, salt int) RETURNS bigint LANGUAGE sql IMMUTABLE"
                + " AS 'SELECT ((((i::bigint * 16 + n) * 64 + t) * 128 + a) * 16 + salt)'");
        update(c, "CREATE OR REPLACE FUNCTION pg_temp.rnd(key bigint) RETURNS float8 LANGUAGE sql IMMUTABLE"
                + " AS 'SELECT (hashint8extended(key, " + o.seed() + ") & 2147483647)::float8 / 2147483648'");
        // Where in the exercise's window attempt a falls: after the learner's start, crowding towards the due date.
        update(c, "CREATE OR REPLACE FUNCTION pg_temp.when_frac(i int, n int, a int) RETURNS float8 LANGUAGE sql IMMUTABLE"
                + " AS 'SELECT f + (1 - f) * (1 - (1 - p) ^ 2) FROM (SELECT 0.7 * pg_temp.rnd(pg_temp.k(i, n, 0, 0, 6)) AS f,"
                + " (a - 1 + pg_temp.rnd(pg_temp.k(i, n, 0, a, 7))) / " + attempts + " AS p) x'");
    }

    // Exercise n (in course order) opens 10·(n-1) days after the start and is due 14 days later; the last was due
    // yesterday. Late submissions are taken for 30 days more (the same cut-off for all), so the demo course still
    // takes submissions to every exercise, marked late.
    private static void scheduleCourse(Connection c, long course, int exercises) throws SQLException {
        update(c, "UPDATE exercise e SET opens_at = s.start + (x.n - 1) * interval '10 days',"
                + " due_at = s.start + (x.n - 1) * interval '10 days' + interval '14 days',"
                + " closes_at = date_trunc('day', now()) + interval '29 days'"
                + " FROM (SELECT id, row_number() OVER (ORDER BY position) AS n FROM exercise WHERE course_id = ?) x,"
                + " (SELECT date_trunc('day', now()) - interval '1 day' - (? - 1) * interval '10 days' - interval '14 days' AS start) s"
                + " WHERE e.id = x.id", course, exercises);
    }

    private static void createLearners(Connection c, long course, int learners, String passwordHash) throws SQLException {
        int width = Math.max(4, String.valueOf(learners).length());
        update(c, "INSERT INTO account (username, display_name, password_hash, created_at)"
                + " SELECT 'demo-' || lpad(i::text, ?, '0'), 'Demo Learner ' || i, ?,"
                + " (SELECT min(opens_at) FROM exercise WHERE course_id = ?) - interval '7 days'"
                + " FROM generate_series(1, ?) i", width, passwordHash, course, learners);
        // the accounts just made are the demo ones that belong to no course yet
        update(c, "INSERT INTO membership (account_id, course_id, role, created_at)"
                + " SELECT a.id, ?, 'LEARNER', a.created_at FROM account a WHERE a.username ~ '^demo-[0-9]+$'"
                + " AND NOT EXISTS (SELECT 1 FROM membership m WHERE m.account_id = a.id)", course);
        update(c, "CREATE TEMP TABLE seed_learner ON COMMIT DROP AS"
                + " SELECT id, substring(username FROM 6)::int AS i FROM account WHERE " + SEEDED, course);
    }

    /** The real hidden tests of every exercise (keys, names, points, visibility), each with a difficulty. */
    private static void createTests(Connection c, long course) throws SQLException {
        update(c, "CREATE TEMP TABLE seed_test (slug text, position int, test_key text, display_name text, points int,"
                + " visibility text) ON COMMIT DROP");
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO seed_test VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Exercise e : Exercise.values()) {
                List<Method> tests = SuiteRunner.tests(e);
                for (int i = 0; i < tests.size(); i++) {
                    Method m = tests.get(i);
                    DisplayName name = m.getAnnotation(DisplayName.class);
                    ps.setString(1, e.id());
                    ps.setInt(2, i);
                    ps.setString(3, m.getName());
                    ps.setString(4, name != null ? name.value() : m.getName() + "()");
                    ps.setInt(5, SuiteRunner.points(m));
                    ps.setString(6, SuiteRunner.visibility(m).name());
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
        update(c, "CREATE TEMP TABLE seed_exercise ON COMMIT DROP AS SELECT e.id, e.opens_at, e.due_at,"
                + " row_number() OVER (ORDER BY e.position)::int AS n, (SELECT sum(points) FROM seed_test t WHERE t.slug = e.slug) AS possible"
                + " FROM exercise e WHERE e.course_id = ?", course);
        update(c, "ALTER TABLE seed_test ADD COLUMN exercise_id bigint, ADD COLUMN difficulty float8");
        update(c, "UPDATE seed_test t SET exercise_id = e.id, difficulty = 0.6 + 0.9 * pg_temp.rnd(pg_temp.k(0, x.n, t.position, 0, 3))"
                + " FROM exercise e JOIN seed_exercise x ON x.id = e.id WHERE e.course_id = ? AND e.slug = t.slug", course);
    }

    private static long single(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeLargeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }

    private static String randomPassword() {
        byte[] bytes = new byte[9];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
