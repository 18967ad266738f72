package dev.llmf.grader.suites;

import dev.llmf.grader.grading.Exercise;
import dev.llmf.grader.grading.SubmissionCompiler;
import dev.llmf.grader.grading.SuiteRunner;
import dev.llmf.grader.support.Submissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Proves that the hidden suites and the sample submissions fit, without the sandbox and without a database: each
 * case's sources, as {@link Submissions} puts them together from {@code src/test/resources/submissions/}, are
 * compiled against the contract only, loaded in a throwaway class loader, served by an {@link InProcessSession},
 * and graded by the exercise's suite through the JUnit Platform launcher.
 *
 * <ul>
 *   <li>{@code accepted} and every {@code alternative-…}: every test passes, whatever the seed;</li>
 *   <li>{@code stub}: no test passes;</li>
 *   <li>{@code planted-bug} and every {@code planted-bug-…}: for every seed, exactly the tests listed in
 *       {@code expected.txt} fail, each with a message containing the listed substring (lines
 *       {@code <display name> | <substring>}), and all others pass: one score per code.</li>
 * </ul>
 *
 * <p>Then it measures the planted-bug corpus per exercise — every bug scores below 100%, and at least 90% of them
 * fail a test shown before the due date ({@code VISIBLE}) with a message containing their {@code cause:} words —
 * and prints the table.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuitesAgainstSamplesTest {

    /**
     * Seeds for the planted bugs and the correct solutions: 20, so an outcome that depends on the random cases
     * shows up; {@code -Dllmf.sampleSeeds=N} runs N instead.
     */
    private static final long[] SEEDS = new java.util.SplittableRandom(1)
            .longs(Integer.getInteger("llmf.sampleSeeds", 20)).toArray();

    /** The share of planted bugs whose cause a learner is told before the due date, at least. */
    private static final double NAMED_AT_LEAST = 0.9;

    private static final Map<String, Long> TIMINGS = new ConcurrentHashMap<>();
    private static final Map<String, Graded> PLANTED_RESULTS = new ConcurrentHashMap<>();

    /** One test outcome: display name, whether it passed, the failure message, points and visibility. */
    record Outcome(String name, boolean passed, String message, int points, Visibility visibility) {
    }

    /** A planted bug's score and whether a test shown before the due date named its cause. */
    record Graded(String exercise, String kase, int earned, int possible, boolean causeNamed) {
    }

    @TestFactory
    @Order(1)
    @DisplayName("every sample submission scores as expected on its exercise's suite")
    Stream<DynamicTest> everyCase() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Exercise exercise : Exercise.values()) {
            tests.add(DynamicTest.dynamicTest(exercise.id() + "/reference", () -> checkReference(exercise)));
            for (String name : Submissions.cases(exercise.id())) {
                tests.add(DynamicTest.dynamicTest(exercise.id() + "/" + name, () -> checkCase(exercise, name)));
            }
        }
        return tests.stream();
    }

    @Test
    @Order(2)
    @DisplayName("every planted bug scores below 100%, and at least 90% are told their cause before the due date")
    void plantedBugsAreCaughtAndNamed() {
        Assumptions.assumeFalse(PLANTED_RESULTS.isEmpty(), "the sample cases did not run");
        StringBuilder table = new StringBuilder(String.format("%n%-18s %5s %7s %7s%n", "exercise", "bugs", "caught",
                "named"));
        int bugs = 0;
        int named = 0;
        List<String> notCaught = new ArrayList<>();
        for (Exercise exercise : Exercise.values()) {
            List<Graded> mine = PLANTED_RESULTS.values().stream().filter(g -> g.exercise().equals(exercise.id()))
                    .toList();
            long caught = mine.stream().filter(g -> g.earned() < g.possible()).count();
            long told = mine.stream().filter(Graded::causeNamed).count();
            mine.stream().filter(g -> g.earned() >= g.possible()).forEach(g -> notCaught.add(g.kase()));
            table.append(String.format("%-18s %5d %7d %7d%n", exercise.id(), mine.size(), caught, told));
            bugs += mine.size();
            named += (int) told;
        }
        table.append(String.format("%-18s %5d %7s %6.0f%%%n", "all", bugs, "", 100.0 * named / Math.max(bugs, 1)));
        System.out.print(table);
        assertTrue(notCaught.isEmpty(), "planted bugs that score 100%: " + notCaught);
        assertTrue(named >= NAMED_AT_LEAST * bugs, named + " of " + bugs + " planted bugs are told their cause before "
                + "the due date; at least " + Math.round(NAMED_AT_LEAST * 100) + "% should be:" + table);
    }

    @Test
    @DisplayName("every suite test has a display name, points and a visibility, and each suite mixes visibilities")
    void suitesAreAnnotated() throws ClassNotFoundException {
        StringBuilder summary = new StringBuilder("\nsuite                   tests points  VISIBLE AFTER_DEADLINE NEVER\n");
        for (Exercise exercise : Exercise.values()) {
            Class<?> suite = Class.forName(exercise.suiteClass());
            int tests = 0;
            int points = 0;
            Map<Visibility, Integer> mix = new EnumMap<>(Visibility.class);
            for (Method m : suite.getDeclaredMethods()) {
                if (!m.isAnnotationPresent(Test.class)) {
                    continue;
                }
                tests++;
                DisplayName name = m.getAnnotation(DisplayName.class);
                Points p = m.getAnnotation(Points.class);
                Visibility.Shown shown = m.getAnnotation(Visibility.Shown.class);
                assertNotNull(name, suite.getSimpleName() + "." + m.getName() + " has no @DisplayName");
                assertFalse(name.value().contains("|"), "display names may not contain '|' (expected.txt uses it)");
                assertNotNull(p, suite.getSimpleName() + "." + m.getName() + " has no @Points");
                assertTrue(p.value() >= 1, suite.getSimpleName() + "." + m.getName() + " has no points");
                assertNotNull(shown, suite.getSimpleName() + "." + m.getName() + " has no @Visibility.Shown");
                points += p.value();
                mix.merge(shown.value(), 1, Integer::sum);
            }
            assertTrue(tests >= 8, exercise.suiteClass() + " has only " + tests + " tests");
            assertTrue(mix.getOrDefault(Visibility.VISIBLE, 0) > tests / 2, exercise.suiteClass()
                    + ": most tests should be VISIBLE");
            assertTrue(mix.getOrDefault(Visibility.AFTER_DEADLINE, 0) >= 1, exercise.suiteClass()
                    + " has no AFTER_DEADLINE test");
            assertTrue(mix.getOrDefault(Visibility.NEVER, 0) >= 1, exercise.suiteClass() + " has no NEVER test");
            summary.append(String.format("%-23s %5d %6d  %7d %14d %5d%n", suite.getSimpleName(), tests, points,
                    mix.getOrDefault(Visibility.VISIBLE, 0), mix.getOrDefault(Visibility.AFTER_DEADLINE, 0),
                    mix.getOrDefault(Visibility.NEVER, 0)));
        }
        System.out.println(summary);
    }

    @org.junit.jupiter.api.AfterAll
    static void printTimings() {
        System.out.println("\nsuite run time per case (ms, summed over " + SEEDS.length + " seeds, 2 for the "
                + "reference, 1 for the stub; compile excluded):");
        new TreeMap<>(TIMINGS).forEach((k, v) -> System.out.printf("  %-32s %6d%n", k, v));
    }

    // ---- one case ----

    /** The reference itself must pass its suite: this checks the suites' fixed vectors and tolerances. */
    private void checkReference(Exercise exercise) throws Exception {
        for (long seed : java.util.Arrays.copyOf(SEEDS, Math.min(2, SEEDS.length))) {
            InProcessSession session = InProcessSession.servingReference();
            long start = System.nanoTime();
            List<Outcome> outcomes = runSuite(exercise, session, seed);
            TIMINGS.merge(exercise.id() + "/reference", (System.nanoTime() - start) / 1_000_000, Long::sum);
            report(exercise, "reference", seed, outcomes);
            System.out.println("  learner calls: " + session.calls());
            expectAllPass(exercise, seed, outcomes);
        }
    }

    private void checkCase(Exercise exercise, String name) throws Exception {
        Path classes = compile(exercise.id() + "/" + name, Submissions.sources(exercise.id(), name));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                SuitesAgainstSamplesTest.class.getClassLoader())) {
            long[] seeds = name.equals("stub") ? new long[] {SEEDS[0]} : SEEDS;
            for (long seed : seeds) {
                long start = System.nanoTime();
                InProcessSession session = new InProcessSession(loader);
                List<Outcome> outcomes = runSuite(exercise, session, seed);
                TIMINGS.merge(exercise.id() + "/" + name, (System.nanoTime() - start) / 1_000_000, Long::sum);
                assertFalse(outcomes.isEmpty(), exercise.suiteClass() + " ran no tests");
                if (seed == seeds[0]) {
                    report(exercise, name, seed, outcomes);
                }
                if (name.equals("stub")) {
                    expectNonePass(exercise, outcomes);
                } else if (Submissions.isPlantedBug(name)) {
                    expectPlanted(exercise, name, seed, outcomes);
                    PLANTED_RESULTS.put(exercise.id() + "/" + name, graded(exercise, name, outcomes));
                } else {
                    expectAllPass(exercise, name, seed, outcomes);
                }
            }
        } finally {
            deleteRecursively(classes);
        }
    }

    /** The score, and whether a failing VISIBLE test's message holds the bug's cause words. */
    private static Graded graded(Exercise exercise, String name, List<Outcome> outcomes) {
        String cause = Submissions.cause(exercise.id(), name);
        int possible = outcomes.stream().mapToInt(Outcome::points).sum();
        int earned = outcomes.stream().filter(Outcome::passed).mapToInt(Outcome::points).sum();
        boolean named = cause != null && outcomes.stream().anyMatch(o -> !o.passed()
                && o.visibility() == Visibility.VISIBLE && String.valueOf(o.message()).contains(cause));
        return new Graded(exercise.id(), name, earned, possible, named);
    }

    private static void expectAllPass(Exercise exercise, long seed, List<Outcome> outcomes) {
        expectAllPass(exercise, "reference", seed, outcomes);
    }

    private static void expectAllPass(Exercise exercise, String name, long seed, List<Outcome> outcomes) {
        List<Outcome> failed = outcomes.stream().filter(o -> !o.passed()).toList();
        if (!failed.isEmpty()) {
            fail("the " + name + " " + exercise.id() + " solution failed " + failed.size() + " test(s) with seed " + seed
                    + ":\n" + failed.stream().map(o -> "  " + o.name() + "\n    " + o.message())
                    .collect(Collectors.joining("\n")));
        }
    }

    private static void expectNonePass(Exercise exercise, List<Outcome> outcomes) {
        List<String> passed = outcomes.stream().filter(Outcome::passed).map(Outcome::name).toList();
        assertTrue(passed.isEmpty(), "the " + exercise.id() + " stub passed tests it cannot pass: " + passed);
    }

    private static void expectPlanted(Exercise exercise, String name, long seed, List<Outcome> outcomes) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (String[] line : Submissions.expectedFailures(exercise.id(), name)) {
            expected.put(line[0], line[1]);
        }
        Map<String, Outcome> byName = outcomes.stream().collect(Collectors.toMap(Outcome::name, o -> o));
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Outcome o = byName.get(e.getKey());
            if (o == null) {
                problems.add("no test is named \"" + e.getKey() + "\"");
            } else if (o.passed()) {
                problems.add("expected to fail but passed: " + e.getKey());
            } else if (!String.valueOf(o.message()).contains(e.getValue())) {
                problems.add("failed without the expected teaching text \"" + e.getValue() + "\": " + e.getKey()
                        + "\n    message: " + o.message());
            }
        }
        for (Outcome o : outcomes) {
            if (!o.passed() && !expected.containsKey(o.name())) {
                problems.add("failed although not listed in expected.txt: " + o.name() + "\n    message: "
                        + o.message());
            }
        }
        if (!problems.isEmpty()) {
            fail(exercise.id() + "/" + name + " with seed " + seed + ":\n  " + String.join("\n  ", problems));
        }
    }

    private static void report(Exercise exercise, String name, long seed, List<Outcome> outcomes) {
        long passed = outcomes.stream().filter(Outcome::passed).count();
        StringBuilder out = new StringBuilder(String.format("%n=== %s/%s seed %d: %d of %d passed%n", exercise.id(),
                name, seed, passed, outcomes.size()));
        if (!name.equals("stub")) {
            for (Outcome o : outcomes) {
                if (!o.passed()) {
                    out.append("  FAILED ").append(o.name()).append("\n    ").append(o.message()).append('\n');
                }
            }
        }
        System.out.print(out);
    }

    // ---- running a suite ----

    static List<Outcome> runSuite(Exercise exercise, InProcessSession session, long seed) throws Exception {
        Class<?> suite = Class.forName(exercise.suiteClass());
        List<Outcome> outcomes = new ArrayList<>();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest()) {
                    Optional<Throwable> thrown = result.getThrowable();
                    Method method = id.getSource().filter(MethodSource.class::isInstance)
                            .map(source -> ((MethodSource) source).getJavaMethod()).orElseThrow();
                    outcomes.add(new Outcome(id.getDisplayName(),
                            result.getStatus() == TestExecutionResult.Status.SUCCESSFUL,
                            thrown.map(t -> t.getClass().getSimpleName() + ": " + t.getMessage()).orElse(""),
                            SuiteRunner.points(method), SuiteRunner.visibility(method)));
                }
            }
        };
        Grading.set(new Grading(exercise, session, seed));
        try {
            Launcher launcher = LauncherFactory.create();
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(suite)).build(), listener);
        } finally {
            Grading.clear();
        }
        return outcomes;
    }

    // ---- compiling a case ----

    /** Compiles a case's sources the way the grader does, against the contract only, into a temporary folder. */
    static Path compile(String name, Map<String, String> sources) throws IOException {
        assertFalse(sources.isEmpty(), "no sources for " + name);
        Path out = Files.createTempDirectory("llmf-sample-");
        SubmissionCompiler.Result result = new SubmissionCompiler().compile(sources, out);
        assertTrue(result.success(), () -> "the sample " + name + " does not compile against the contract:\n"
                + result.errorsAsText());
        return out;
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
