package dev.llmf.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code llmf submit <exercise>}: uploads the exercise's sources (with those of the earlier exercises it uses),
 * waits for the grader, and prints the result.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Send an exercise to the grader, wait for the result and show it.",
                "Uploads src/main/java of the exercise, and of the earlier exercises it builds on."})
final class SubmitCommand implements Callable<Integer> {

    private static final int NAME_COLUMN_MAX = 60;

    private final Context ctx;

    @Parameters(arity = "0..1", paramLabel = "<exercise>",
            description = "tensors, tokenizer, embeddings, attention, transformer-block, sampler, mini-gpt, training (or 1..8,"
                    + " or the folder name); default: the exercise folder you are in")
    String exercise;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "how long to wait for the result (default: ${DEFAULT-VALUE})")
    long timeoutSeconds;

    SubmitCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (timeoutSeconds < 1) {
            throw CliException.usage("--timeout must be at least 1 second");
        }
        Config config = Config.load(ctx);
        String token = config.requireToken();
        Path course = CourseFolder.find(ctx);
        warnIfOtherGrader(ctx, config);
        Exercise e = CheckCommand.pick(exercise, course, ctx);
        List<Packer.SourceFile> files = Packer.collect(course, e);
        GraderClient client = new GraderClient(config.serverOrDefault(), token);

        PrintWriter out = ctx.out();
        Style s = ctx.style();
        out.println(s.bold("Exercise " + e.label(s)) + ": submitting " + files.size()
                + (files.size() == 1 ? " file" : " files") + " to " + client.server());
        for (Packer.SourceFile f : files) {
            out.println("  " + f.name());
        }
        out.flush();
        Api.SubmissionCreated created = client.submit(e.id(), files);
        out.println("Submission " + created.id() + " is queued.");
        out.flush();

        Api.SubmissionView result = waitForResult(client, created.id());
        out.println();
        printResult(result, out, s);
        out.println("Feedback and figures: " + client.feedbackPage(created.id()));
        return result.score() != null && result.score().full() && "GRADED".equals(result.status()) ? 0 : 1;
    }

    /** Submitting to last term's grader by mistake is easy after downloading a new starter: say so. */
    static void warnIfOtherGrader(Context ctx, Config saved) {
        String warning = CourseSettings.of(ctx).mismatchWith(saved);
        if (warning != null) {
            ctx.err().println("llmf: warning: " + warning);
        }
    }

    private Api.SubmissionView waitForResult(GraderClient client, long id) throws InterruptedException {
        Duration poll = ctx.pollInterval();
        Duration tick = ctx.interactive() ? min(poll, Duration.ofMillis(100)) : poll;
        Duration limit = Duration.ofSeconds(timeoutSeconds);
        Duration waited = Duration.ZERO;
        Progress progress = new Progress(ctx.err(), ctx.style(), ctx.interactive(), "grading");
        try {
            Api.SubmissionView v = client.submission(id);
            while (!v.done()) {
                if (waited.compareTo(limit) >= 0) {
                    progress.done();
                    throw CliException.failed("submission " + id + " is still " + StatusCommand.statusWord(v.status())
                            + " after " + timeoutSeconds + " s; see it later with `./llmf status`");
                }
                for (Duration slept = Duration.ZERO; slept.compareTo(poll) < 0; slept = slept.plus(tick)) {
                    progress.update(v.status());
                    ctx.sleeper().sleep(tick);
                }
                progress.update(v.status());
                waited = waited.plus(poll);
                v = client.submission(id);
            }
            return v;
        } finally {
            progress.done();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** The per-test table, hidden tests, compile errors and score. */
    static void printResult(Api.SubmissionView v, PrintWriter out, Style s) {
        out.println(s.bold("Submission " + v.id() + (v.exercise() == null ? "" : " " + s.dot() + " " + v.exercise()))
                + ": " + StatusCommand.statusWord(v.status()));
        List<Api.TestView> tests = v.tests() == null ? List.of() : v.tests();
        if (!tests.isEmpty()) {
            int width = Math.min(NAME_COLUMN_MAX, tests.stream().mapToInt(t -> length(t.name())).max().orElse(0));
            out.println();
            for (Api.TestView t : tests) {
                String name = t.name() == null ? "(unnamed test)" : t.name();
                out.println("  " + (t.passed() ? s.pass() : s.fail()) + " " + Table.pad(name, width) + "  "
                        + t.points() + "/" + t.possible());
                TestReport.printMessage(out, "      ", t.message());
            }
        }
        if (v.hidden() != null && v.hidden().count() > 0) {
            out.println();
            out.println("  " + s.todo() + " " + v.hidden().count() + " hidden " + (v.hidden().count() == 1 ? "test" : "tests")
                    + ": " + v.hidden().passed() + " passed");
            if (v.hidden().note() != null && !v.hidden().note().isBlank()) {
                out.println("      " + s.dim(v.hidden().note()));
            }
        }
        if (v.compileErrors() != null && !v.compileErrors().isBlank()) {
            out.println();
            out.println(s.fail() + " Your code did not compile:");
            v.compileErrors().strip().lines().forEach(l -> out.println("  " + l));
        }
        if (v.error() != null && !v.error().isBlank()) {
            out.println();
            out.println(s.fail() + " Grading stopped with an error: " + v.error().strip());
        }
        out.println();
        if (v.score() != null) {
            out.println(s.bold("Score: " + v.score().text()) + (v.score().full() ? "  " + s.pass() + " full score" : ""));
        } else {
            out.println(s.bold("Score: none"));
        }
    }

    private static int length(String s) {
        return s == null ? 0 : s.codePointCount(0, s.length());
    }
}
