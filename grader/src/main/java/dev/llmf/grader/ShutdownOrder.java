package dev.llmf.grader;

import io.quarkus.runtime.Application;
import io.quarkus.runtime.ApplicationLifecycleManager;

import java.time.Duration;

/**
 * On SIGTERM the JVM starts all shutdown hooks at once, Quarkus's among them; what the application still uses while
 * it stops (the embedded database, the sandbox's harness files) must go only after it has stopped: the grading
 * workers finish or hand back their submissions first.
 */
public final class ShutdownOrder {

    /** Longer than any sensible {@code llmf.grading.shutdown-grace}; a process manager kills sooner anyway. */
    private static final Duration PATIENCE = Duration.ofMinutes(5);

    private ShutdownOrder() {
    }

    /**
     * Runs {@code action} at JVM exit, once the Quarkus application (if one runs) has stopped. When the JVM is
     * already exiting it is too late to register: {@code action} does not run then.
     */
    public static void afterApplicationStop(String name, Runnable action) {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                awaitApplicationStop();
                action.run();
            }, name));
        } catch (IllegalStateException exiting) {
            // shutdown in progress: whatever action would clean up is left for the next start
        }
    }

    private static void awaitApplicationStop() {
        Application app = ApplicationLifecycleManager.getCurrentApplication();
        if (app == null) {
            return;
        }
        Thread waiter = Thread.ofPlatform().daemon().start(app::awaitShutdown);
        try {
            waiter.join(PATIENCE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
