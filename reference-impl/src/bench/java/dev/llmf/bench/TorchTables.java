package dev.llmf.bench;

import static dev.llmf.bench.Cells.fmt;
import static dev.llmf.bench.Cells.ratio;
import static dev.llmf.bench.Cells.row;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The comparisons with PyTorch (CPU): attention, the mini-GPT forward and greedy generation. PyTorch runs as
 * installed and, where its OpenBLAS picks other kernels than those that fit the CPU, once more with
 * {@code OPENBLAS_CORETYPE} set to them; each case is judged against the faster of the two (the strongest peer),
 * and the table names both kernel sets.
 */
final class TorchTables {

    static final String INSTALLED = "pytorch";
    static final String FORCED = "pytorch-forced";

    private final Results results;
    private final Map<String, String> info;
    private final String forcedCore;
    private final String absent;

    /** {@code absent}: what a missing PyTorch result is called ("missing" when it could not run, else "failed"). */
    TorchTables(Results results, Map<String, String> info, String forcedCore, String absent) {
        this.results = results;
        this.info = info;
        this.forcedCore = forcedCore;
        this.absent = absent;
    }

    /** The faster of PyTorch as installed and PyTorch with the forced kernels, for one case. */
    Optional<Result> strongest(String group, String name, String shape, String threads) {
        Optional<Result> installed = results.find(group, name, shape, threads, INSTALLED);
        Optional<Result> forced = results.find(group, name, shape, threads, FORCED);
        if (installed.isEmpty() || forced.isEmpty()) {
            return installed.isPresent() ? installed : forced;
        }
        return Optional.of(forced.get().best() < installed.get().best() ? forced.get() : installed.get());
    }

    /** E.g. "OpenBLAS Cooperlake" for PyTorch as installed, from its INFO line; "?" if it did not say. */
    String installedKernels() {
        String all = Cells.kernelSet(info, "pytorch (torch-all)");
        return all.equals("?") ? Cells.kernelSet(info, "pytorch (torch-1)") : all;
    }

    private String installedHeader() {
        return "PyTorch as installed (" + installedKernels() + ")";
    }

    private String forcedHeader() {
        return "PyTorch, OPENBLAS_CORETYPE=" + forcedCore;
    }

    private String winner(Optional<Result> strongest) {
        return strongest.map(r -> r.impl().equals(FORCED) ? forcedCore : "as installed").orElse("—");
    }

    void forwardTable(StringBuilder md) {
        boolean forced = results.any(FORCED);
        md.append("### Attention and mini-GPT forward vs PyTorch (CPU): time of the best call (GFLOP/s)\n\n");
        md.append("Mini-GPT: learned positions, pre-norm blocks, GELU (tanh), causal mask, tied embedding, batch 1. "
                + "The ratio is against the faster PyTorch of the two columns (the strongest peer).\n\n");
        md.append("| case | threads | ours | " + installedHeader() + " |" + (forced ? " " + forcedHeader() + " |" : "")
                + " ours ÷ strongest PyTorch | PyTorch vs ours: max abs diff |\n");
        md.append("| --- | --- | ---: | ---: |" + (forced ? " ---: |" : "") + " ---: | --- |\n");
        List<String[]> all = new ArrayList<>();
        results.cases("kernel").stream().filter(c -> c[0].equals("attention"))
                .forEach(c -> all.add(new String[] {"kernel", c[0], c[1]}));
        results.cases("gpt").forEach(c -> all.add(new String[] {"gpt", c[0], c[1]}));
        for (String[] c : all) {
            String name = (c[0].equals("gpt") ? "mini-GPT " : "attention ") + c[2];
            rows(md, c[0], c[1], c[2], name, forced, Cells::millis, r -> r.note()
                    .replace("max abs diff of logits vs ours ", "logits ").replace("max abs diff vs ours ", ""));
        }
        md.append('\n');
    }

    void generationTable(StringBuilder md) {
        if (results.of("gen").isEmpty()) {
            return;
        }
        boolean forced = results.any(FORCED);
        md.append("### Greedy generation with a key/value cache vs PyTorch's loop with its own: tokens/s (time of the "
                + "best call)\n\n");
        md.append("Both sides: the prompt in one pass, then one token per step, on the same weights; the last column "
                + "compares PyTorch's tokens with ours.\n\n");
        md.append("| case | threads | ours | " + installedHeader() + " |" + (forced ? " " + forcedHeader() + " |" : "")
                + " ours ÷ strongest PyTorch | tokens |\n");
        md.append("| --- | --- | ---: | ---: |" + (forced ? " ---: |" : "") + " ---: | --- |\n");
        for (String[] c : results.cases("gen")) {
            rows(md, "gen", c[0], c[1], c[1], forced, Cells::tokens, Result::note);
        }
        md.append('\n');
    }

    private void rows(StringBuilder md, String group, String name, String shape, String label, boolean forced,
                      Function<Result, String> cell, Function<Result, String> note) {
        for (String threads : List.of("1", "all")) {
            Optional<Result> ours = results.find(group, name, shape, threads, "ours");
            Optional<Result> installed = results.find(group, name, shape, threads, INSTALLED);
            Optional<Result> strongest = strongest(group, name, shape, threads);
            List<String> cells = new ArrayList<>(List.of(label, threads, ours.map(cell).orElse("failed"),
                    installed.map(cell).orElse(absent)));
            if (forced) {
                cells.add(results.find(group, name, shape, threads, FORCED).map(cell).orElse("failed"));
            }
            cells.add(strongest.isPresent() ? ratio(ours, strongest) + " (vs " + winner(strongest) + ")" : "—");
            cells.add(installed.or(() -> strongest).map(note).orElse(""));
            md.append(row(cells.toArray(String[]::new)));
        }
    }

    /** A target line: met or MISSED, the ratio and which PyTorch it was measured against. */
    String verdict(String what, Optional<Result> ours, String group, String name, String shape, String threads,
                   double target) {
        Optional<Result> strongest = strongest(group, name, shape, threads);
        Optional<Double> r = Cells.speedRatio(ours, strongest);
        if (r.isEmpty()) {
            return "not measured: " + what + " (PyTorch " + absent + ")";
        }
        return (r.get() >= target ? "met" : "MISSED") + ": " + what + fmt(" — %.2f× (against PyTorch %s)", r.get(),
                winner(strongest));
    }
}
