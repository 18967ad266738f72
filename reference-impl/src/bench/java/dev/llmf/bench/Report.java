package dev.llmf.bench;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The tables of one run. A ratio is always ours ÷ theirs in speed (their time ÷ our time): above 1 means the
 * reference is faster.
 */
final class Report {

    private static final String NUMPY = "numpy";
    private static final String TORCH = "PyTorch";

    private final Plan plan;
    private final String forcedCore;
    private final List<Result> results;
    private final Map<String, String> info;
    private final Map<String, String> missing;
    private final List<String> baselineFailures;
    private final List<String> failures;
    private final Duration took;

    Report(Plan plan, String forcedCore, List<Result> results, Map<String, String> info, Map<String, String> missing,
           List<String> baselineFailures, List<String> failures, Duration took) {
        this.plan = plan;
        this.forcedCore = forcedCore;
        this.results = results;
        this.info = info;
        this.missing = missing;
        this.baselineFailures = baselineFailures;
        this.failures = failures;
        this.took = took;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## Benchmark ").append(plan.smoke() ? "(smoke) " : "").append("— ")
                .append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")))
                .append(String.format(Locale.ROOT, ", took %d min %02d s%n%n", took.toMinutes(), took.toSecondsPart()));
        md.append("Machine: ").append(info.getOrDefault("machine", "?")).append("  \n");
        md.append("Ratios are ours ÷ theirs in speed: above 1× the reference is faster. Threads: `1` = Java common pool"
                + " off / 1 BLAS thread; `all` = defaults.\n\n");
        kernels(md);
        torch(md);
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
        for (String[] c : cases("kernel")) {
            for (String threads : List.of("1", "all")) {
                Optional<Result> ours = find("kernel", c[0], c[1], threads, "ours");
                Optional<Result> numpy = find("kernel", c[0], c[1], threads, "numpy");
                md.append(row(c[0], c[1], threads, flops(ours), numpy.map(Report::flops).orElse(absent(NUMPY)),
                        ratio(ours, numpy)));
            }
        }
        md.append('\n');
    }

    private void torch(StringBuilder md) {
        boolean forced = results.stream().anyMatch(r -> r.impl().equals("pytorch-forced"));
        md.append("### Attention and mini-GPT forward vs PyTorch (CPU): time of the best call (GFLOP/s)\n\n");
        md.append("Mini-GPT: learned positions, pre-norm blocks, GELU (tanh), causal mask, tied embedding, batch 1."
                + (forced ? " The last columns force OpenBLAS's " + forcedCore + " kernels on PyTorch (see Notes)."
                        : "")
                + "\n\n");
        md.append("| case | threads | ours | PyTorch | ours ÷ PyTorch |"
                + (forced ? " PyTorch, " + forcedCore + " kernels | ours ÷ that |" : "")
                + " PyTorch vs ours: max abs diff |\n");
        md.append("| --- | --- | ---: | ---: | ---: |" + (forced ? " ---: | ---: |" : "") + " --- |\n");
        List<String[]> all = new ArrayList<>();
        cases("kernel").stream().filter(c -> c[0].equals("attention"))
                .forEach(c -> all.add(new String[] {"kernel", c[0], c[1]}));
        cases("gpt").forEach(c -> all.add(new String[] {"gpt", c[0], c[1]}));
        for (String[] c : all) {
            for (String threads : List.of("1", "all")) {
                Optional<Result> ours = find(c[0], c[1], c[2], threads, "ours");
                Optional<Result> torch = find(c[0], c[1], c[2], threads, "pytorch");
                Optional<Result> fast = find(c[0], c[1], c[2], threads, "pytorch-forced");
                String name = (c[0].equals("gpt") ? "mini-GPT " : "attention ") + c[2];
                List<String> cells = new ArrayList<>(List.of(name, threads, millis(ours),
                        torch.map(Report::millis).orElse(absent(TORCH)), ratio(ours, torch)));
                if (forced) {
                    cells.addAll(List.of(fast.map(Report::millis).orElse("failed"), ratio(ours, fast)));
                }
                cells.add(torch.map(r -> r.note().replace("max abs diff of logits vs ours ", "logits ")
                        .replace("max abs diff vs ours ", "")).orElse(""));
                md.append(row(cells.toArray(String[]::new)));
            }
        }
        md.append('\n');
    }

    private void training(StringBuilder md) {
        List<Result> runs = results.stream().filter(r -> r.group().equals("train")).toList();
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
        for (String[] c : cases("encode")) {
            Optional<Result> ours = find("encode", c[0], c[1], "1", "ours");
            Optional<Result> theirs = find("encode", c[0], c[1], "1", "jtokkit");
            md.append(row(c[1], ours.map(Report::megabytes).orElse("failed"),
                    theirs.map(Report::megabytes).orElse("failed"), ratio(ours, theirs),
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
        for (String threads : List.of("1", "all")) {
            Optional<Result> ours = find("kernel", "matmul", "1024", threads, "ours");
            Optional<Result> numpy = find("kernel", "matmul", "1024", threads, "numpy");
            lines.add(verdict("matmul 1024 ≥ 50% of numpy's GFLOP/s, " + threads + " thread(s)",
                    speedRatio(ours, numpy), 0.5, NUMPY));
        }
        for (String group : List.of("kernel", "gpt")) {
            String name = group.equals("kernel") ? "attention" : "forward";
            for (String[] c : cases(group)) {
                if (!c[0].equals(name)) {
                    continue;
                }
                for (String threads : List.of("1", "all")) {
                    Optional<Result> ours = find(group, c[0], c[1], threads, "ours");
                    String line = verdict((group.equals("kernel") ? "attention " : "mini-GPT ") + c[1] + ", "
                            + threads + " thread(s), at least as fast as PyTorch",
                            speedRatio(ours, find(group, c[0], c[1], threads, "pytorch")), 1.0, TORCH);
                    Optional<Double> fast = speedRatio(ours, find(group, c[0], c[1], threads, "pytorch-forced"));
                    lines.add(line + fast.map(r -> fmt(" (%.2f× against PyTorch with %s kernels)", r, forcedCore))
                            .orElse(""));
                }
            }
        }
        for (String[] c : cases("encode")) {
            Optional<Result> ours = find("encode", c[0], c[1], "1", "ours");
            boolean same = ours.map(r -> r.note().startsWith("same ids")).orElse(false);
            lines.add((same ? "met" : "MISSED") + ": GPT-2 ids identical to jtokkit (" + ours.map(Result::note)
                    .orElse("no result") + ")");
            lines.add(verdict("encoding at least as fast as jtokkit", speedRatio(ours,
                    find("encode", c[0], c[1], "1", "jtokkit")), 1.0, "jtokkit"));
        }
        List<Result> runs = results.stream().filter(r -> r.group().equals("train")).toList();
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

    private void notes(StringBuilder md) {
        md.append("### Notes\n\n");
        info.forEach((key, value) -> md.append("- ").append(key).append(": ").append(value).append('\n'));
        missing.forEach((lib, why) -> md.append("- **").append(lib).append(" missing**: ").append(why).append('\n'));
        baselineFailures.forEach(f -> md.append("- **baseline failed**: ").append(f).append('\n'));
        failures.forEach(f -> md.append("- **FAILED (ours)**: ").append(f).append('\n'));
        if (results.stream().anyMatch(r -> r.impl().equals("pytorch-forced"))) {
            md.append("- PyTorch, ").append(forcedCore).append(" kernels: the same PyTorch with OPENBLAS_CORETYPE=")
                    .append(forcedCore).append(", because its OpenBLAS does not know this CPU and picks older kernels"
                            + " by itself (see the pytorch lines above); the targets are judged against PyTorch as"
                            + " installed\n");
        }
        md.append("- work counted: matmul 2n³; softmax 5 and LayerNorm 8 flops per element; attention 8·T·d² (four"
                + " projections) + 4·T²·d (scores and mixing over the full T×T); mini-GPT L·(24·T·d² + 4·T²·d) +"
                + " 2·T·d·V\n");
        md.append('\n');
    }

    // ---- helpers ----

    /** Distinct (name, shape) pairs of a group, in the order they were measured. */
    private List<String[]> cases(String group) {
        Set<String> seen = new LinkedHashSet<>();
        results.stream().filter(r -> r.group().equals(group)).forEach(r -> seen.add(r.name() + "\u0000" + r.shape()));
        return seen.stream().map(s -> s.split("\u0000")).toList();
    }

    private Optional<Result> find(String group, String name, String shape, String threads, String impl) {
        return results.stream().filter(r -> r.group().equals(group) && r.name().equals(name)
                && r.shape().equals(shape) && r.threads().equals(threads) && r.impl().equals(impl)).findFirst();
    }

    private String baseline(Optional<Result> r, String lib, boolean measured) {
        if (!measured) {
            return "—";
        }
        return r.map(Report::flops).orElse(absent(lib));
    }

    private String absent(String lib) {
        return missing.containsKey(lib) ? "missing" : "failed";
    }

    private static Optional<Double> speedRatio(Optional<Result> ours, Optional<Result> theirs) {
        return ours.isPresent() && theirs.isPresent() ? Optional.of(theirs.get().best() / ours.get().best())
                : Optional.empty();
    }

    private static String ratio(Optional<Result> ours, Optional<Result> theirs) {
        return speedRatio(ours, theirs).map(r -> fmt("%.2f×", r)).orElse("—");
    }

    private String verdict(String what, Optional<Double> ratio, double target, String lib) {
        if (ratio.isEmpty()) {
            return "not measured: " + what + " (" + lib + " " + absent(lib) + ")";
        }
        return (ratio.get() >= target ? "met" : "MISSED") + ": " + what + fmt(" — %.2f×", ratio.get());
    }

    private static String flops(Optional<Result> r) {
        return r.map(Report::flops).orElse("failed");
    }

    private static String flops(Result r) {
        return fmt("%.1f (%s)", r.rate() / 1e9, time(r.best()));
    }

    private static String millis(Optional<Result> r) {
        return r.map(Report::millis).orElse("failed");
    }

    private static String millis(Result r) {
        return fmt("%s (%.1f GFLOP/s)", time(r.best()), r.rate() / 1e9);
    }

    private static String megabytes(Result r) {
        return fmt("%.1f", r.rate() / 1e6);
    }

    private static String time(double seconds) {
        return seconds >= 1 ? fmt("%.2f s", seconds) : seconds >= 0.01 ? fmt("%.1f ms", seconds * 1e3)
                : fmt("%.3f ms", seconds * 1e3);
    }

    private static double perMiB(Result r) {
        return r.best() / (r.work() / 1048576.0);
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    static String csv(List<Result> results) {
        StringBuilder csv = new StringBuilder("group,name,shape,threads,impl,work,unit,best_ms,median_ms,reps,rate,"
                + "rate_unit,note\n");
        for (Result r : results) {
            boolean flop = r.unit().equals("flop");
            csv.append(List.of(r.group(), r.name(), r.shape(), r.threads(), r.impl(), fmt("%.0f", r.work()), r.unit(),
                            fmt("%.4f", r.best() * 1e3), fmt("%.4f", r.median() * 1e3), "" + r.reps(),
                            fmt("%.3f", flop ? r.rate() / 1e9 : r.rate() / 1e6), flop ? "GFLOP/s" : "MB/s", r.note())
                    .stream().map(Report::quote).collect(Collectors.joining(","))).append('\n');
        }
        return csv.toString();
    }

    private static String quote(String field) {
        return field.contains(",") || field.contains("\"") ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }
}
