package dev.llmf.grader.grading;

import dev.llmf.grader.sandbox.LearnerFailure;
import dev.llmf.grader.suites.Grading;
import dev.llmf.grader.suites.Points;
import dev.llmf.grader.suites.Visibility;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherFactory;
import org.opentest4j.AssertionFailedError;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Runs an exercise's hidden suite with the JUnit Platform Launcher, in the grader's trusted JVM, against the
 * learner's implementation behind the sandbox, and turns each test into a {@link TestOutcome} with its points.
 */
public final class SuiteRunner {

    private static final int MESSAGE_LIMIT = 4000;
    /** How much of what the learner's code printed during one test is kept and shown. */
    static final int OUTPUT_LIMIT = 4000;
    // Launcher sessions kept between suites: LauncherFactory.create() opens a new session, and with it a new
    // launcher that looks up its engines, listeners and filters with ServiceLoader across the whole class path, for
    // every single run. Each session runs one suite at a time; a session holds no state of a run.
    private final BlockingQueue<LauncherSession> idleSessions = new LinkedBlockingQueue<>();

    /** Every test of the exercise's suite, by method name (a stable order): what a submission can earn. */
    public static List<Method> tests(Exercise exercise) {
        return Arrays.stream(suiteClass(exercise).getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(org.junit.jupiter.api.Test.class))
                .sorted(Comparator.comparing(Method::getName))
                .toList();
    }

    public static int pointsPossible(Exercise exercise) {
        return tests(exercise).stream().mapToInt(SuiteRunner::points).sum();
    }

    /** Runs the suite with {@code grading} as its context; blocks until every test has finished. */
    public List<TestOutcome> run(Grading grading) {
        Exercise exercise = grading.exerciseOf();
        Map<String, TestOutcome> outcomes = new ConcurrentHashMap<>();
        Map<String, Long> started = new ConcurrentHashMap<>();
        Map<String, Long> outputMarks = new ConcurrentHashMap<>();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionStarted(TestIdentifier id) {
                started.put(id.getUniqueId(), System.nanoTime());
                outputMarks.put(id.getUniqueId(), grading.sessionOf().outputMark());
            }

            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                method(id).ifPresent(m -> {
                    long millis = (System.nanoTime() - started.getOrDefault(id.getUniqueId(), System.nanoTime())) / 1_000_000;
                    boolean passed = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
                    int points = points(m);
                    String printed = grading.sessionOf().outputSince(outputMarks.getOrDefault(id.getUniqueId(), 0L));
                    outcomes.put(m.getName(), new TestOutcome(m.getName(), id.getDisplayName(), passed,
                            passed ? points : 0, points, visibility(m),
                            passed ? null : describe(result.getThrowable().orElse(null)), millis, excerpt(printed)));
                });
            }
        };
        Grading.set(grading);
        try {
            LauncherSession session = idleSessions.poll();
            if (session == null) {
                session = LauncherFactory.openSession();
            }
            try {
                session.getLauncher().execute(request().selectors(selectClass(suiteClass(exercise))).build(), listener);
            } catch (RuntimeException | Error e) {
                session.close();   // a run that threw may have left it in any state: not reused
                throw e;
            }
            idleSessions.add(session);
        } finally {
            Grading.clear();
        }
        List<TestOutcome> ordered = new ArrayList<>();
        for (Method m : tests(exercise)) {
            TestOutcome o = outcomes.get(m.getName());
            ordered.add(o != null ? o : new TestOutcome(m.getName(), m.getName(), false, 0, points(m), visibility(m),
                    "this test did not run (an earlier failure stopped the suite)", 0));
        }
        return ordered;
    }

    /** The learner-facing explanation of why a test failed. */
    static String describe(Throwable t) {
        if (t == null) {
            return "failed";
        }
        String text;
        if (t instanceof AssertionFailedError || t instanceof LearnerFailure) {
            text = t.getMessage();
        } else if (t instanceof UnsupportedOperationException && t.getMessage() != null && t.getMessage().startsWith("TODO")) {
            text = "not yet implemented: your code still throws the stub's \"" + t.getMessage() + "\"";
        } else {
            text = "your code threw " + t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        }
        if (text == null) {
            text = t.getClass().getSimpleName();
        }
        return text.length() > MESSAGE_LIMIT ? text.substring(0, MESSAGE_LIMIT) + " …" : text;
    }

    /** The start of what a test printed, at most {@link #OUTPUT_LIMIT} characters; null for nothing. */
    static String excerpt(String printed) {
        if (printed == null || printed.isEmpty()) {
            return null;
        }
        if (printed.length() <= OUTPUT_LIMIT) {
            return printed;
        }
        return printed.substring(0, OUTPUT_LIMIT) + "\n[… " + (printed.length() - OUTPUT_LIMIT)
                + " more characters not shown]";
    }

    private static java.util.Optional<Method> method(TestIdentifier id) {
        return id.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast).map(s -> {
            try {
                return s.getJavaMethod();
            } catch (RuntimeException e) {
                return null;
            }
        });
    }

    public static int points(Method m) {
        Points p = m.getAnnotation(Points.class);
        return p == null ? 1 : p.value();
    }

    public static Visibility visibility(Method m) {
        Visibility.Shown v = m.getAnnotation(Visibility.Shown.class);
        return v == null ? Visibility.VISIBLE : v.value();
    }

    private static Class<?> suiteClass(Exercise exercise) {
        try {
            return Class.forName(exercise.suiteClass(), true, SuiteRunner.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("hidden suite " + exercise.suiteClass() + " is missing from the grader", e);
        }
    }
}
