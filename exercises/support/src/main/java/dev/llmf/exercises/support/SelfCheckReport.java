package dev.llmf.exercises.support;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prints one line per public test — passed, failed (with the message), or not yet implemented — and a summary,
 * so a learner's self-check reads well among Maven's own output. Registered as a JUnit Platform listener.
 */
public final class SelfCheckReport implements TestExecutionListener {

    private final PrintStream out = System.out;
    private final AtomicInteger passed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger todo = new AtomicInteger();

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        if (isReferenceRun()) {
            return;
        }
        out.println();
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        if (test.isTest() && !isReferenceRun()) {
            todo.incrementAndGet();
            out.println("  ○ " + test.getDisplayName() + " — skipped: " + reason);
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (!test.isTest() || isReferenceRun()) {
            return;
        }
        switch (result.getStatus()) {
            case SUCCESSFUL -> {
                passed.incrementAndGet();
                out.println("  ✔ " + test.getDisplayName());
            }
            case ABORTED -> {
                todo.incrementAndGet();
                out.println("  ○ " + test.getDisplayName() + " — " + result.getThrowable().map(Throwable::getMessage).orElse("skipped"));
            }
            case FAILED -> {
                failed.incrementAndGet();
                out.println("  ✘ " + test.getDisplayName() + "\n      "
                        + result.getThrowable().map(t -> String.valueOf(t.getMessage()).replace("\n", "\n      ")).orElse(""));
            }
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (isReferenceRun() || passed.get() + failed.get() + todo.get() == 0) {
            return;
        }
        out.printf("%n  %d passed · %d failed · %d not yet implemented%n%n", passed.get(), failed.get(), todo.get());
    }

    // The build's second run against the reference is for CI; the learner's report is about their own code.
    private static boolean isReferenceRun() {
        return "reference".equals(System.getProperty(Subject.PROPERTY));
    }
}
