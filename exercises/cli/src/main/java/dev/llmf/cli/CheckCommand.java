package dev.llmf.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code llmf check <exercise>}: runs the exercise's public tests with the course's own Maven build (the
 * {@code -Dllmf.selfcheck} run from the README) and prints what passed, failed and is not yet implemented.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Run an exercise's public tests on this machine (offline) and summarise them.",
                "Shows each test as ✔ passed, ✘ failed (with the message) or ○ not yet implemented.",
                "Maven's full output goes to exercises/<folder>/target/llmf-check.log."})
final class CheckCommand implements Callable<Integer> {

    private static final int MAX_ERROR_LINES = 40;

    private final Context ctx;

    @Parameters(arity = "0..1", paramLabel = "<exercise>",
            description = "tensors, tokenizer, embeddings, attention, transformer-block, sampler, mini-gpt, training (or 1..8,"
                    + " or the folder name); default: the exercise folder you are in")
    String exercise;

    @Option(names = {"-v", "--verbose"}, description = "show Maven's output while it runs")
    boolean verbose;

    CheckCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path course = CourseFolder.find(ctx);
        Exercise e = pick(exercise, course, ctx);
        Path folder = course.resolve("exercises").resolve(e.folder());
        if (!Files.isDirectory(folder)) {
            throw CliException.failed("exercises/" + e.folder() + " is missing from " + course);
        }
        Path reports = folder.resolve("target").resolve("surefire-reports");
        for (Path old : TestReport.reportFiles(reports)) {      // never summarise an earlier run by mistake
            Files.deleteIfExists(old);
        }
        List<String> command = mavenCommand(course, e);
        Style s = ctx.style();
        ctx.out().println(s.bold("Exercise " + e.label(s)) + ": running the public tests (offline)");
        ctx.out().println(s.dim("$ " + String.join(" ", display(command, course))));
        ctx.out().flush();

        Path log = folder.resolve("target").resolve("llmf-check.log");
        Files.createDirectories(log.getParent());
        Deque<String> tail = new ArrayDeque<>();
        List<String> errors = new ArrayList<>();
        int exit;
        Progress progress = new Progress(ctx.err(), s, ctx.interactive(), "building and testing");
        Thread spinner = ctx.interactive() && !verbose ? Thread.ofPlatform().daemon().start(() -> spin(progress)) : null;
        try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            exit = ctx.builds().run(course, command, environment(), line -> {
                try {
                    w.write(line);
                    w.newLine();
                } catch (IOException io) {
                    throw new UncheckedIOException(io);
                }
                if (verbose) {
                    ctx.out().println(line);
                }
                tail.addLast(line);
                if (tail.size() > 30) {
                    tail.removeFirst();
                }
                if (line.startsWith("[ERROR]") && errors.size() < 400) {
                    errors.add(line);
                }
            });
        } catch (IOException io) {
            throw CliException.failed("could not run " + command.getFirst() + ": " + io.getMessage());
        } finally {
            if (spinner != null) {
                spinner.interrupt();
                spinner.join();
            }
            progress.done();
        }

        List<TestReport.TestCase> tests;
        try {
            tests = TestReport.readFolder(reports);
        } catch (IOException | RuntimeException io) {
            throw CliException.failed("cannot read the test reports in " + course.relativize(reports) + ": "
                    + io.getMessage());
        }
        String logName = course.relativize(log).toString();
        ctx.out().println();
        if (tests.isEmpty()) {
            if (exit != 0) {
                ctx.out().println(s.fail() + " The build failed before the tests ran:");
                ctx.out().println();
                printErrors(errors.isEmpty() ? List.copyOf(tail) : errors, course);
            } else {
                ctx.out().println(s.fail() + " The build ran but wrote no test reports to " + course.relativize(reports));
            }
            ctx.out().println();
            ctx.out().println("Maven's full output: " + logName);
            return CliException.FAILED;
        }
        TestReport.print(tests, s, ctx.out());
        TestReport.Totals t = TestReport.totals(tests);
        ctx.out().println();
        if (exit != 0) {
            ctx.out().println(s.fail() + " The build also reported an error (Maven's full output: " + logName + "):");
            printErrors(errors.isEmpty() ? List.copyOf(tail) : errors, course);
            return CliException.FAILED;
        }
        if (t.failed() > 0) {
            ctx.out().println("Fix what failed and run `./llmf check " + e.id() + "` again. Maven's full output: " + logName);
            return CliException.FAILED;
        }
        if (t.notImplemented() > 0) {
            ctx.out().println("Nothing failed; " + t.notImplemented() + " of " + t.all()
                    + " tests wait for code you have not written yet.");
        } else {
            ctx.out().println("All public tests pass. The grader has hidden tests too: `./llmf submit " + e.id() + "`.");
        }
        return 0;
    }

    /** The exercise named, or the one whose folder we are in. */
    static Exercise pick(String name, Path course, Context ctx) {
        if (name != null) {
            return Exercise.resolve(name);
        }
        return CourseFolder.exerciseAt(ctx.cwd(), course).orElseThrow(() -> CliException.usage(
                "name an exercise (or run this inside its folder): " + Exercise.validIds()));
    }

    /** {@code ./mvnw -q test -Dllmf.selfcheck -Dmaven.test.failure.ignore=true -pl exercises/<folder> -am}. */
    static List<String> mavenCommand(Path course, Exercise e) {
        List<String> cmd = new ArrayList<>();
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        if (windows) {
            cmd.addAll(List.of("cmd", "/c", course.resolve("mvnw.cmd").toString()));
        } else {
            Path mvnw = course.resolve("mvnw");
            if (!Files.isExecutable(mvnw)) {
                cmd.add("sh");
            }
            cmd.add(mvnw.toString());
        }
        // failure.ignore: a failing test in an earlier exercise (built too, with -am) must not stop this one's tests
        cmd.addAll(List.of("-q", "test", "-Dllmf.selfcheck", "-Dmaven.test.failure.ignore=true",
                "-pl", "exercises/" + e.folder(), "-am"));
        return cmd;
    }

    private static List<String> display(List<String> command, Path course) {
        return command.stream().map(a -> a.startsWith(course.toString()) ? "./" + course.relativize(Path.of(a)) : a)
                .toList();
    }

    /** The course build needs JDK 25: when JAVA_HOME is unset, lend it the one llmf runs on. */
    private Map<String, String> environment() {
        String javaHome = ctx.env().get("JAVA_HOME");
        if (javaHome == null || javaHome.isBlank()) {
            return Map.of("JAVA_HOME", System.getProperty("java.home"));
        }
        return Map.of();
    }

    private void printErrors(List<String> lines, Path course) {
        String prefix = course.toString() + java.io.File.separator;
        int shown = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String line : lines) {
            if (line.contains("-> [Help 1]")) {
                break;
            }
            String l = line.startsWith("[ERROR] ") ? line.substring(8) : line.startsWith("[ERROR]") ? line.substring(7) : line;
            if (l.isBlank() || !seen.add(l.strip())) {
                continue;                          // Maven repeats the compiler's errors in its summary
            }
            if (shown++ == MAX_ERROR_LINES) {
                ctx.out().println("  ... (more in the log)");
                break;
            }
            ctx.out().println("  " + l.replace(prefix, ""));
        }
    }

    private static void spin(Progress progress) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                progress.update(null);
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            // done
        }
    }
}
