package dev.llmf.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark: measures the reference implementation and well-known implementations of the same work in one run,
 * and writes a table of ratios to {@code target/bench/results.md} and {@code results.csv}. Run it with
 * {@code reference-impl/bench.sh} (see the README's Performance section); {@code --smoke} runs tiny shapes once.
 *
 * <p>Each side runs in its own process, one after the other, with the same cases ({@link Plan}) and timing rules
 * ({@link Harness}): the Java kernels once with the common fork-join pool off (1 thread) and once with its default
 * (all cores), numpy and PyTorch once with 1 BLAS/OpenMP thread and once with their defaults, then the tokenizer.
 * A baseline that cannot run is reported as missing with the reason, never left out silently. The exit status is
 * non-zero only if a Java worker fails — that is our code; a missed target or a missing baseline is a result.
 */
public final class Bench {

    private static final List<String> BLAS_LIMITS = List.of("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
            "MKL_NUM_THREADS");

    private final Plan plan;
    private final boolean narrow;                                         // --only: no tokenizer, no training
    private final Path out;
    private final Path logs;
    private final Path checks;
    private final List<Result> results = new ArrayList<>();
    private final Map<String, String> info = new LinkedHashMap<>();
    private final Map<String, String> missing = new LinkedHashMap<>();   // baseline → why it did not run
    private final List<String> baselineFailures = new ArrayList<>();      // baselines that started but failed
    private final List<String> failures = new ArrayList<>();              // Java workers that failed
    private Optional<String> torchPython = Optional.empty();
    private String training = "";                                         // the training section of the report

    private Bench(Plan plan, boolean narrow, Path out) {
        this.plan = plan;
        this.narrow = narrow;
        this.out = out;
        this.logs = out.resolve("logs");
        this.checks = out.resolve("checks");
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        List<String> flags = new ArrayList<>();
        for (String arg : args) {
            flags.addAll(Arrays.stream(arg.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
        }
        flags.replaceAll(f -> f.equals("smoke") ? "--smoke" : f);
        boolean trainingOnly = flags.remove("--training-only");
        boolean narrow = flags.contains("--only");
        List<String> rest = new ArrayList<>();
        Plan plan = Plan.parse(flags, rest);
        if (!rest.isEmpty()) {
            System.err.println("unknown options " + rest
                    + "; usage: reference-impl/bench.sh [--smoke] [--rounds N] [--training-only | --only CASES]");
            System.exit(2);
        }
        Bench bench = new Bench(plan, narrow, Path.of("target", "bench").toAbsolutePath());
        if (trainingOnly) {                 // just the training comparison (a few minutes less)
            Files.createDirectories(bench.logs);
            String section = new TrainingBench(plan.smoke()).run(bench.findPython("torch",
                    List.of("/usr/bin/python3", "python3"), "apt-get install python3-torch"), bench.logs);
            Files.writeString(bench.out.resolve("training.md"), "# Benchmark: training\n\nMachine: "
                    + Machine.describe() + "; load average " + Machine.loadAverage() + "\n" + section);
            System.out.println(section);
            return;
        }
        long start = System.nanoTime();
        bench.run();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        String report = new Report(plan, Machine.openBlasCore().orElse(null), bench.results, bench.info,
                bench.missing, bench.baselineFailures, bench.failures, took).markdown() + bench.training;
        Files.writeString(bench.out.resolve("results.md"), report);
        Files.writeString(bench.out.resolve("results.csv"), Report.csv(bench.results));
        System.out.println();
        System.out.println(report);
        System.out.println("written: " + bench.out.resolve("results.md") + ", " + bench.out.resolve("results.csv"));
        if (!bench.failures.isEmpty()) {
            System.err.println("FAILED: " + String.join("; ", bench.failures));
            System.exit(1);
        }
    }

    private void run() throws IOException, InterruptedException {
        Files.createDirectories(logs);
        Files.createDirectories(checks);
        try (var stale = Files.list(checks)) {              // never compare against an earlier run's outputs
            for (Path file : stale.toList()) {
                Files.delete(file);
            }
        }
        info.put("machine", Machine.describe());
        info.put("run", (plan.smoke() ? "smoke (tiny shapes, one call each)" : "full") + "; each case: "
                + (plan.warmup() > 0 ? plan.warmup() + " s warm-up, then " : "") + "timed calls for "
                + plan.minTime() + " s and at least " + plan.minReps() + " calls; the best call is reported"
                + (plan.rounds() > 1 ? ", of " + plan.rounds() + " rounds (each: all cores, then 1 thread;"
                + " ours, then numpy, then PyTorch)" : ""));

        String loadBefore = Machine.loadAverage();
        Optional<String> forcedCore = Machine.openBlasCore();
        Optional<String> numpy = findPython("numpy", List.of("python3", "/usr/bin/python3"),
                "apt-get install python3-numpy");
        Optional<String> torch = findPython("torch", List.of("/usr/bin/python3", "python3"),
                "apt-get install python3-torch libopenblas0-pthread");
        torchPython = torch;

        for (int round = 1; round <= plan.rounds(); round++) {
            System.err.println("== round " + round + " of " + plan.rounds());
            for (String threads : List.of("all", "1")) {
                kernelsAndModels(threads, numpy, torch, forcedCore);
            }
        }
        if (!narrow) {
            javaWorker("tokenizer", "all", false);
            System.err.println("== training (reference, then PyTorch)");
            training = new TrainingBench(plan.smoke()).run(torchPython, logs);
        }
        info.put("load average (1, 5, 15 min)", "at the start " + loadBefore + ", at the end " + Machine.loadAverage()
                + " on " + Runtime.getRuntime().availableProcessors() + " cores: anything else running skews the"
                + " numbers, the all-cores ones most");
    }

    /** Ours, numpy, PyTorch (and PyTorch with fitting OpenBLAS kernels), one after the other. */
    private void kernelsAndModels(String threads, Optional<String> numpy, Optional<String> torch,
                                  Optional<String> forcedCore) throws IOException, InterruptedException {
        javaWorker("kernels", threads, threads.equals("all"));
        if (numpy.isPresent()) {
            python(numpy.get(), "numpy", threads, null);
        }
        if (torch.isPresent()) {
            python(torch.get(), "torch", threads, null);
            // An OpenBLAS older than the CPU runs old kernels (Debian 12's 0.3.21 runs its SSE3 ones on this Xeon):
            // then PyTorch runs once more with the kernels that fit, as a second, labelled baseline.
            String blas = info.getOrDefault("pytorch (torch-" + threads + ")", "");
            if (forcedCore.isPresent() && !blas.contains(forcedCore.get())) {
                python(torch.get(), "torch", threads, forcedCore.get());
            }
        }
    }

    // ---- Java workers ----

    private void javaWorker(String part, String threads, boolean writeChecks) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "--add-modules", "jdk.incubator.vector",
                "-Xmx8g", "-cp", System.getProperty("java.class.path")));
        if (threads.equals("1")) {
            command.add("-Djava.util.concurrent.ForkJoinPool.common.parallelism=0");
        }
        command.add(JavaWorker.class.getName());
        command.addAll(plan.toArgs());
        command.addAll(List.of("--part", part));
        if (writeChecks) {
            command.addAll(List.of("--checks", checks.toString()));
        }
        String name = "java-" + part + "-" + threads;
        int exit = launch(name, command, Map.of());
        if (exit != 0) {
            failures.add(name + " exited with " + exit + " (log: " + logs.resolve(name + ".log") + ")");
        }
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    // ---- Python baselines ----

    private Optional<String> findPython(String module, List<String> candidates, String install) {
        List<String> reasons = new ArrayList<>();
        for (String python : candidates) {
            String problem = problem(List.of(python, "-c", "import " + module));
            if (problem == null) {
                return Optional.of(python);
            }
            reasons.add(python + ": " + problem);
        }
        String label = module.equals("torch") ? "PyTorch" : module;
        missing.put(label, String.join("; ", reasons) + " — install with `" + install
                + "` (bench.sh does so when run as root)");
        System.err.println("baseline " + label + " missing: " + missing.get(label));
        return Optional.empty();
    }

    /** One baseline run; {@code core}, if not null, forces OpenBLAS's kernel set (labelled {@code pytorch-forced}). */
    private void python(String python, String lib, String threads, String core)
            throws IOException, InterruptedException {
        Path script = Path.of("src", "bench", "python", "baselines.py").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(python, script.toString(), "--lib", lib, "--threads", threads,
                "--checks", checks.toString()));
        if (core != null) {
            command.addAll(List.of("--label", lib.equals("torch") ? "pytorch-forced" : lib + "-forced"));
        }
        command.addAll(plan.toArgs());
        Map<String, String> env = new LinkedHashMap<>();
        for (String limit : BLAS_LIMITS) {
            env.put(limit, threads.equals("1") ? "1" : null);
        }
        // Set on some machines for old OpenBLAS builds; they slow a current one down, so not for the baselines.
        env.put("OPENBLAS_CORETYPE", core);
        env.put("OPENBLAS_L2_SIZE", null);
        String name = lib + (core == null ? "" : "-" + core) + "-" + threads;
        int exit = launch(name, command, env);
        if (exit != 0) {
            baselineFailures.add(name + " exited with " + exit + ": " + tail(logs.resolve(name + ".log")));
        }
    }

    /** Null if the command exits with 0 within 180 s (a first {@code import torch} can be slow), else why not. */
    private String problem(List<String> command) {
        Path output = logs.resolve("probe.log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "'" + String.join(" ", command) + "' took over 180 s";
            }
            if (p.exitValue() == 0) {
                return null;
            }
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "exit " + p.exitValue() : lines.getLast();
        } catch (IOException e) {
            return "cannot run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    // ---- processes ----

    /** Runs one worker; RESULT and INFO lines are collected, stderr goes to {@code logs/NAME.log}. */
    private int launch(String name, List<String> command, Map<String, String> env)
            throws IOException, InterruptedException {
        System.err.println("== " + name);
        Path log = logs.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        env.forEach((key, value) -> {
            if (value == null) {
                builder.environment().remove(key);
            } else {
                builder.environment().put(key, value);
            }
        });
        Process process = builder.start();
        process.getOutputStream().close();
        Duration limit = Duration.ofMinutes(plan.smoke() ? 5 : 30);
        Thread.ofVirtual().start(() -> {
            try {
                if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                    System.err.println("   " + name + " still running after " + limit.toMinutes() + " min: stopped");
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        });
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                Optional<Result> result = Result.parse(line);
                if (result.isPresent()) {
                    keepBest(result.get());
                    System.err.println("   " + result.get().describe());
                } else if (line.startsWith("INFO\t")) {
                    String[] parts = line.split("\t", 3);
                    info.put(parts[1] + " (" + name + ")", parts.length > 2 ? parts[2] : "");
                    System.err.println("   " + parts[1] + ": " + (parts.length > 2 ? parts[2] : ""));
                } else {
                    System.err.println("   " + line);
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0) {
            System.err.println("   " + name + " exited with " + exit + "; last lines of " + log + ":");
            System.err.println(tail(log).indent(6));
        }
        return exit;
    }

    /** A case measured in several rounds keeps its best round (and counts all calls). */
    private void keepBest(Result r) {
        for (int i = 0; i < results.size(); i++) {
            Result old = results.get(i);
            if (old.group().equals(r.group()) && old.name().equals(r.name()) && old.shape().equals(r.shape())
                    && old.threads().equals(r.threads()) && old.impl().equals(r.impl())) {
                Result best = r.best() < old.best() ? r : old;
                results.set(i, new Result(best.group(), best.name(), best.shape(), best.threads(), best.impl(),
                        best.work(), best.unit(), best.best(), best.median(), old.reps() + r.reps(), best.note()));
                return;
            }
        }
        results.add(r);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
