package dev.llmf.bench;

import static dev.llmf.bench.Cells.fmt;
import static dev.llmf.bench.Cells.ratio;
import static dev.llmf.bench.Cells.row;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The tables of one run. A ratio is always ours ÷ theirs in speed (their time ÷ our time), from this run's
 * measurements only: above 1 means the reference is faster.
 */
final class Report {

    private static final String NUMPY = "numpy";
    private static final String TORCH = "PyTorch";
    /** The model the targets name: the mini-GPT forward must beat the strongest PyTorch by 25 %. */
    private static final String TARGET_GPT = "V=8192 T=256 d=384 h=6 L=6 B=1";

    private final Plan plan;
    private final String forcedCore;
    private final Results results;
    private final Map<String, String> info;
    private final Map<String, String> missing;
    private final List<String> baselineFailures;
    private final List<String> failures;
    private final Duration took;
    private final TorchTables torch;

    Report(Plan plan, String forcedCore, List<Result> results, Map<String, String> info, Map<String, String> missing,
           List<String> baselineFailures, List<String> failures, Duration took) {
        this.plan = plan;
        this.forcedCore = forcedCore;
        this.results = new Results(results);
        this.info = info;
        this.missing = missing;
        this.baselineFailures = baselineFailures;
        this.failures = failures;
        this.took = took;
        this.torch = new TorchTables(this.results, info, forcedCore, absent(TORCH));
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## Benchmark ").append(plan.smoke() ? "(smoke) " : "").append("— ")
                .append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")))
                .append(fmt(", took %d min %02d s%n%n", took.toMinutes(), took.toSecondsPart()));
        md.append("Machine: ").append(info.getOrDefault("machine", "?")).append("  \n");
        String forced = results.any(TorchTables.FORCED) ? "; and PyTorch with OPENBLAS_CORETYPE=" + forcedCore : "";
        md.append("Kernel sets: numpy ").append(Cells.kernelSet(info, "numpy (numpy-")).append("; PyTorch as installed ")
                .append(torch.installedKernels()).append(forced).append("  \n");
        md.append("Ratios are ours ÷ theirs in speed, from this run only: above 1× the reference is faster. Threads: "
                + "`1` = Java common pool off / 1 BLAS thread; `all` = defaults.\n\n");
        kernels(md);
        torch.forwardTable(md);
        torch.generationTable(md);
        training(md);
        encoding(md);
        targets(md);
        notes(md);
        return md.toString();
    }

    // ---- tables ----

    private void kernels(StringBuilder md) {
        md.append("### Kernels (fp32) vs numpy: GFLOP/s (time of the best call)\n\n");
        md.append("| kernel | shape | threads | ours | numpy | ours ÷ numpy |\n");
        md.append("| --- | --- | --- | ---: | ---: | ---: |\n");
        for (String[] c : results.cases("kernel")) {
            for (String threads : List.of("1", "all")) {
                Optional<Result> ours = results.find("kernel", c[0], c[1], threads, "ours");
                Optional<Result> numpy = results.find("kernel", c[0], c[1], threads, "numpy");
                md.append(row(c[0], c[1], threads, ours.map(Cells::flops).orElse("failed"),
                        numpy.map(Cells::flops).orElse(absent(NUMPY)), ratio(ours, numpy)));
            }
        }
        md.append('\n');
    }

    private void training(StringBuilder md) {
        List<Result> runs = results.of("train");
        md.append("### Tokenizer training (ours, 1 thread)\n\n");
        md.append("| corpus → vocab | time | s per MiB | per MiB vs the smallest |\n");
        md.append("| --- | ---: | ---: | ---: |\n");
        double first = runs.isEmpty() ? 0 : perMiB(runs.getFirst());
        for (Result r : runs) {
            md.append(row(r.shape(), fmt("%.2f s", r.best()), fmt("%.2f", perMiB(r)),
                    fmt("%.2f×", perMiB(r) / first)));
        }
        md.append('\n');
    }

    private void encoding(StringBuilder md) {
        md.append("### Encoding with GPT-2's vocabulary (r50k_base), 1 thread: MB/s\n\n");
        md.append("| text | ours (RankedBpe) | jtokkit 1.1.0 | ours ÷ jtokkit | ids |\n");
        md.append("| --- | ---: | ---: | ---: | --- |\n");
        for (String[] c : results.cases("encode")) {
            Optional<Result> ours = results.find("encode", c[0], c[1], "1", "ours");
            Optional<Result> theirs = results.find("encode", c[0], c[1], "1", "jtokkit");
            md.append(row(c[1], ours.map(Cells::megabytes).orElse("failed"),
                    theirs.map(Cells::megabytes).orElse("failed"), ratio(ours, theirs),
                    ours.map(Result::note).orElse("")));
        }
        md.append('\n');
    }

    private void targets(StringBuilder md) {
        md.append("### Targets\n\n");
        if (plan.smoke()) {
            md.append("Smoke run: the shapes are too small to judge the targets; run without --smoke.\n\n");
            return;
        }
        List<String> lines = new ArrayList<>();
        for (String[] c : results.cases("kernel")) {
            if (c[0].equals("matmul")) {
                for (String threads : List.of("1", "all")) {
                    lines.add(verdict("matmul " + c[1] + " ≥ 0.95× numpy, " + threads + " thread(s)",
                            Cells.speedRatio(results.find("kernel", c[0], c[1], threads, "ours"),
                                    results.find("kernel", c[0], c[1], threads, "numpy")), 0.95, NUMPY));
                }
            }
        }
        for (String[] c : results.cases("kernel")) {
            if (c[0].equals("attention")) {
                judged(lines, "attention " + c[1] + " ≥ 1.0× PyTorch", "kernel", c, 1.0);
            }
        }
        for (String[] c : results.cases("gpt")) {
            if (c[1].equals(TARGET_GPT)) {
                judged(lines, "mini-GPT " + c[1] + " ≥ 1.25× PyTorch", "gpt", c, 1.25);
            }
        }
        for (String[] c : results.cases("gen")) {
            judged(lines, "generation (" + c[1] + ") ≥ 1.0× PyTorch's cached loop in tokens/s", "gen", c, 1.0);
            for (String threads : List.of("1", "all")) {
                Optional<Result> theirs = torch.strongest("gen", c[0], c[1], threads);
                boolean same = theirs.map(r -> r.note().startsWith("same")).orElse(false);
                lines.add((theirs.isEmpty() ? "not measured" : same ? "met" : "MISSED")
                        + ": the same greedy tokens as PyTorch, " + threads + " thread(s) ("
                        + theirs.map(Result::note).orElse("no PyTorch result") + ")");
            }
        }
        for (String[] c : results.cases("encode")) {
            Optional<Result> ours = results.find("encode", c[0], c[1], "1", "ours");
            boolean same = ours.map(r -> r.note().startsWith("same ids")).orElse(false);
            lines.add((same ? "met" : "MISSED") + ": GPT-2 ids identical to jtokkit (" + ours.map(Result::note)
                    .orElse("no result") + ")");
            lines.add(verdict("encoding at least as fast as jtokkit", Cells.speedRatio(ours,
                    results.find("encode", c[0], c[1], "1", "jtokkit")), 1.0, "jtokkit"));
        }
        List<Result> runs = results.of("train");
        if (!runs.isEmpty()) {
            Result last = runs.getLast();
            lines.add((last.best() < 30 ? "met" : "MISSED") + fmt(": training %s in under 30 s (%.1f s)", last.shape(),
                    last.best()));
            double growth = perMiB(last) / perMiB(runs.getFirst());
            lines.add((growth <= 1.5 ? "met" : "MISSED") + fmt(": training time grows about linearly (per MiB, %s"
                    + " takes %.2f× the time of %s)", last.shape(), growth, runs.getFirst().shape()));
        }
        lines.forEach(l -> md.append("- ").append(l).append('\n'));
        md.append('\n');
    }

    private void judged(List<String> lines, String what, String group, String[] c, double target) {
        for (String threads : List.of("1", "all")) {
            lines.add(torch.verdict(what + ", " + threads + " thread(s)",
                    results.find(group, c[0], c[1], threads, "ours"), group, c[0], c[1], threads, target));
        }
    }

    private void notes(StringBuilder md) {
        md.append("### Notes\n\n");
        info.forEach((key, value) -> md.append("- ").append(key).append(": ").append(value).append('\n'));
        missing.forEach((lib, why) -> md.append("- **").append(lib).append(" missing**: ").append(why).append('\n'));
        baselineFailures.forEach(f -> md.append("- **baseline failed**: ").append(f).append('\n'));
        failures.forEach(f -> md.append("- **FAILED (ours)**: ").append(f).append('\n'));
        if (results.any(TorchTables.FORCED)) {
            md.append("- PyTorch, OPENBLAS_CORETYPE=").append(forcedCore).append(": the same PyTorch with the "
                    + "OpenBLAS kernels that fit this CPU's vector instructions, because as installed it picks "
                    + "other ones (see the pytorch lines above); each PyTorch case is judged against the faster of "
                    + "the two\n");
        }
        md.append("- work counted: matmul 2n³; softmax 5 and LayerNorm 8 flops per element; attention 8·T·d² (four"
                + " projections) + 4·T²·d (scores and mixing over the full T×T); mini-GPT L·(24·T·d² + 4·T²·d) +"
                + " 2·T·d·V; generation: new tokens\n");
        md.append('\n');
    }

    // ---- helpers ----

    private String absent(String lib) {
        return missing.containsKey(lib) ? "missing" : "failed";
    }

    private String verdict(String what, Optional<Double> ratio, double target, String lib) {
        if (ratio.isEmpty()) {
            return "not measured: " + what + " (" + lib + " " + absent(lib) + ")";
        }
        return (ratio.get() >= target ? "met" : "MISSED") + ": " + what + fmt(" — %.2f×", ratio.get());
    }

    private static double perMiB(Result r) {
        return r.best() / (r.work() / 1048576.0);
    }

    static String csv(List<Result> results) {
        StringBuilder csv = new StringBuilder("group,name,shape,threads,impl,work,unit,best_ms,median_ms,reps,rate,"
                + "rate_unit,note\n");
        for (Result r : results) {
            double rate = switch (r.unit()) {
                case "flop" -> r.rate() / 1e9;
                case "token" -> r.rate();
                default -> r.rate() / 1e6;
            };
            String rateUnit = switch (r.unit()) {
                case "flop" -> "GFLOP/s";
                case "token" -> "tokens/s";
                default -> "MB/s";
            };
            csv.append(List.of(r.group(), r.name(), r.shape(), r.threads(), r.impl(), fmt("%.0f", r.work()), r.unit(),
                            fmt("%.4f", r.best() * 1e3), fmt("%.4f", r.median() * 1e3), "" + r.reps(),
                            fmt("%.3f", rate), rateUnit, r.note())
                    .stream().map(Report::quote).collect(Collectors.joining(","))).append('\n');
        }
        return csv.toString();
    }

    private static String quote(String field) {
        return field.contains(",") || field.contains("\"") ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }
}
