package dev.llmf.grader.grading;

import dev.llmf.grader.GraderConfig;
import dev.llmf.grader.sandbox.Limits;
import dev.llmf.grader.sandbox.Sandbox;
import dev.llmf.grader.sandbox.SandboxSession;
import dev.llmf.grader.sandbox.TempFolders;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The one way learner code is run: compile the sources against the contract into a fresh temporary folder, open a
 * sandbox session on it with the grading limits, hand the session to {@code body}, then kill the child and delete
 * the folder. Grading and the feedback figures (web/figures) both go through here.
 *
 * <p>Killing the child (and waiting until its processes are gone) and deleting the folder take about 15 ms; they
 * happen on a thread of their own after {@code body} returned, so that the learner's result is stored meanwhile.
 */
@ApplicationScoped
public class LearnerCode {

    private static final Logger LOG = Logger.getLogger(LearnerCode.class);

    @Inject
    Sandbox sandbox;

    @Inject
    GraderConfig config;

    private final SubmissionCompiler compiler = new SubmissionCompiler();
    /** Closes finished sessions and deletes their folders, one at a time (see the class comment). */
    private final ExecutorService cleanup = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("llmf-sandbox-cleanup").daemon().factory());

    /** What came of it: the compiler's errors (then nothing ran), or what {@code body} returned. */
    public sealed interface Run<R> {
        record CompileFailed<R>(String errors) implements Run<R> {
        }

        record Ran<R>(R value) implements Run<R> {
        }
    }

    /**
     * Compiles {@code sources} and runs {@code body} on a session with the learner's classes.
     *
     * @param label names the temporary folder, e.g. {@code submission-42}
     * @throws dev.llmf.grader.sandbox.SandboxUnavailableException if the sandbox cannot be set up here
     * @throws IOException if the temporary folder cannot be made
     */
    public <R> Run<R> run(String label, Map<String, String> sources, Function<SandboxSession, R> body) throws IOException {
        Path workDir = TempFolders.create("work", label);
        SandboxSession session = null;
        try {
            Path classes = Files.createDirectories(workDir.resolve("classes"));
            SubmissionCompiler.Result compiled = compiler.compile(sources, classes);
            if (!compiled.success()) {
                return new Run.CompileFailed<>(compiled.errorsAsText());
            }
            session = sandbox.open(classes, limits());
            return new Run.Ran<>(body.apply(session));
        } finally {
            cleanUpLater(session, workDir);
        }
    }

    private void cleanUpLater(SandboxSession session, Path workDir) {
        try {
            cleanup.execute(() -> cleanUp(session, workDir));
        } catch (RejectedExecutionException stopping) {
            cleanUp(session, workDir);
        }
    }

    private static void cleanUp(SandboxSession session, Path workDir) {
        try {
            if (session != null) {
                session.close();
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "closing the sandbox of %s failed", workDir.getFileName());
        } finally {
            TempFolders.deleteQuietly(workDir);
        }
    }

    /** Finishes the clean-ups still queued, so that no child outlives the grader's stop. */
    void finishCleanUps(@Observes ShutdownEvent event) throws InterruptedException {
        cleanup.shutdown();
        if (!cleanup.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("sandbox clean-ups still running after 10 s at shutdown; the next start removes what is left");
        }
    }

    /** Deletes the folders that gradings interrupted by a crash or {@code kill -9} of a grader left behind. */
    void reapLeftovers(@Observes StartupEvent event) {
        int removed = TempFolders.reapStale(TempFolders.systemTemp());
        if (removed > 0) {
            LOG.infof("removed %d temporary folder(s) left behind by graders that no longer run", removed);
        }
    }

    /** The limits every child JVM runs under, and the time budget of one run (from {@code llmf.sandbox.*}). */
    public Limits limits() {
        GraderConfig.Sandbox s = config.sandbox();
        return new Limits(s.callTimeout(), s.heapMegabytes(), s.memoryMegabytes(), s.maxProcesses(), s.outputBytes(),
                s.submissionBudget());
    }
}
