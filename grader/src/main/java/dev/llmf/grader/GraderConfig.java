package dev.llmf.grader;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** The grader's own settings (prefix {@code llmf}); see application.properties for what each one does. */
@ConfigMapping(prefix = "llmf")
public interface GraderConfig {

    /** Where the embedded database and other state live when no external database is configured. */
    @WithDefault(".llmf-data")
    String dataDir();

    /** The grader's address as learners reach it (behind a proxy); else the address each request came to. */
    Optional<String> publicUrl();

    Db db();

    Grading grading();

    Sandbox sandbox();

    Demo demo();

    Setup setup();

    interface Db {
        /** Port of the embedded PostgreSQL (read by GraderMain before Quarkus starts; unused with an external one). */
        @WithDefault("54329")
        int port();

        /**
         * How long the supervisor waits before it restarts an embedded PostgreSQL that died; the wait doubles with
         * each failed try, up to 15 s (read by GraderMain before Quarkus starts).
         */
        @WithDefault("1s")
        Duration restartDelay();

        /** After this long unreachable, liveness turns DOWN too, so an orchestrator restarts the whole grader. */
        @WithDefault("2m")
        Duration livenessGrace();
    }

    interface Grading {
        /**
         * How many submissions are graded at the same time in this instance; unset: one per CPU core (each grading
         * is one child JVM at a time, mostly busy on one core); 0: none (the instance only serves pages and the API).
         */
        OptionalInt workers();

        /** How often idle workers look for queued submissions (new submissions also wake them at once). */
        @WithDefault("2s")
        Duration pollInterval();

        /** How often an instance refreshes the heartbeat of what it grades and looks for others' stale work. */
        @WithDefault("2s")
        Duration heartbeatInterval();

        /** A RUNNING submission whose heartbeat is older than this belonged to a dead instance and is queued again. */
        @WithDefault("10s")
        Duration staleAfter();

        /**
         * On a graceful stop (SIGTERM), how long gradings in progress may take to finish; the rest go back to the
         * queue without using up a claim.
         */
        @WithDefault("10s")
        Duration shutdownGrace();

        /** After this many claims that ended with the grader dying, a submission is given up as ERROR. */
        @WithDefault("3")
        int maxClaims();

        /** A stable name for this instance, so a restart re-queues what it was grading when it died. */
        Optional<String> instanceName();

        /**
         * How many times each exercise's built-in solution is graded when the instance starts, in the background
         * and only while no learner's submission is grading (queue.WarmUp); 0: no warm-up.
         */
        @WithDefault(dev.llmf.grader.queue.WarmUp.DEFAULT_ROUNDS)
        int warmUpRounds();
    }

    interface Sandbox {
        /** bubblewrap (refuse to grade without it), process (no OS isolation: development only), or auto. */
        @WithDefault("auto")
        String mode();

        @WithDefault("10s")
        Duration callTimeout();

        /**
         * The learner code of one submission may run this long in all (every call, every child JVM); once it is
         * spent, the remaining calls are skipped with a time-out verdict. A method that ran past the call limit once
         * is not called again either.
         */
        @WithDefault("20s")
        Duration submissionBudget();

        @WithDefault("256")
        int heapMegabytes();

        @WithDefault("640")
        int memoryMegabytes();

        @WithDefault("64")
        int maxProcesses();

        @WithDefault("65536")
        int outputBytes();

        /**
         * Child JVMs kept started ahead, each waiting for the one submission it will grade (never reused); 0: each
         * starts when needed. Default: the number of CPUs (one per grading worker).
         */
        OptionalInt prestarted();
    }

    interface Setup {
        /** Creates the course and its exercises at start if missing (off while a backup is restored into the database). */
        @WithDefault("true")
        boolean enabled();
    }

    interface Demo {
        /** Creates the course, its exercises and a demo instructor and learner on first start. */
        @WithDefault("true")
        boolean enabled();
    }
}
