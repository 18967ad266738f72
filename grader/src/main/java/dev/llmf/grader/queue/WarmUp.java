package dev.llmf.grader.queue;

import dev.llmf.grader.GraderConfig;
import dev.llmf.grader.grading.BuiltInSolutions;
import dev.llmf.grader.grading.Exercise;
import dev.llmf.grader.grading.GradeReport;
import dev.llmf.grader.grading.GradingService;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.function.IntSupplier;

/**
 * When the grader starts, grades each exercise's accepted solution ({@link BuiltInSolutions}) a few rounds, in the
 * background, through the same compiler, sandbox and suites as a learner's submission. A freshly started JVM runs
 * javac, JUnit and the suites slowly until its JIT compiler has compiled them (about twice the CPU per submission
 * for the first few dozen); the warm-up pays that before learners do. It is also a self-check: a solution that does
 * not score full marks means grading is broken on this machine, and the log says so at start, not at the first
 * learner's submission. It never competes with learners: while a submission is being graded it waits.
 */
@ApplicationScoped
public class WarmUp {

    /** {@code llmf.grading.warm-up-rounds} unless set: 32 gradings, about 15 s on 2 cores. */
    public static final String DEFAULT_ROUNDS = "4";
    /** What the log says when the warm-up is over (the grader benchmark waits for it). */
    public static final String DONE = "warm-up done";

    private static final Logger LOG = Logger.getLogger(WarmUp.class);
    /** The random cases of the warm-up's gradings (any fixed seed: nothing is stored). */
    private static final long SEED = 20_261_206L;

    @Inject
    GradingService grading;

    @Inject
    GraderConfig config;

    private volatile boolean stopping;
    private volatile Thread thread;

    /** Starts the warm-up on a thread of its own; {@code busy} tells how many learners' submissions are grading. */
    void start(IntSupplier busy) {
        int rounds = config.grading().warmUpRounds();
        if (rounds > 0) {
            thread = Thread.ofPlatform().daemon().name("llmf-warm-up").start(() -> run(rounds, busy));
        }
    }

    /** Ends a warm-up still running (its child JVM is killed) before the sandbox and the database go. */
    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        Thread running = thread;
        if (running != null) {
            running.interrupt();
            running.join(5_000);
        }
    }

    void run(int rounds, IntSupplier busy) {
        long start = System.nanoTime();
        int graded = 0;
        try {
            for (int round = 0; round < rounds; round++) {
                for (Exercise exercise : Exercise.values()) {
                    while (busy.getAsInt() > 0 && !stopping) {
                        Thread.sleep(50);
                    }
                    if (stopping) {
                        return;
                    }
                    GradeReport report = grading.grade("warm-up " + exercise.id(), exercise, SEED + round,
                            BuiltInSolutions.sources(exercise));
                    if (stopping) {
                        return;   // the grader stopped under this grading: its result says nothing
                    }
                    if (report.pointsEarned() != report.pointsPossible()) {
                        LOG.errorf("warm-up: the built-in solution of %s scored %d/%d: grading does not work as it"
                                + " should on this machine (%s)", exercise.id(), report.pointsEarned(),
                                report.pointsPossible(), firstProblem(report));
                        return;
                    }
                    graded++;
                }
            }
            LOG.infof(DONE + ": the built-in solutions graded %d times in %.1f s, each at full score", graded,
                    (System.nanoTime() - start) / 1e9);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("warm-up stopped: grading a built-in solution failed", e);
        }
    }

    private static String firstProblem(GradeReport report) {
        if (report.graderError() != null) {
            return report.graderError();
        }
        if (report.compileErrors() != null) {
            return "compile errors: " + report.compileErrors();
        }
        return report.tests().stream().filter(t -> !t.passed()).findFirst().map(t -> t.displayName() + ": " + t.message())
                .orElse("no test ran");
    }
}
