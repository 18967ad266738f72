package dev.llmf.bench;

import java.util.Locale;
import java.util.Optional;

/**
 * One measured case, as every worker (Java or Python) prints it: a tab-separated line starting with {@code RESULT}.
 *
 * @param group   kernel, gpt, gen, train or encode
 * @param name    e.g. matmul, attention, forward
 * @param shape   the case's shape as shown in the table, e.g. {@code 1024} or {@code T=256}
 * @param threads {@code 1} or {@code all}
 * @param impl    ours, numpy, pytorch, pytorch-forced (PyTorch with OPENBLAS_CORETYPE set), jtokkit
 * @param work    floating-point operations (unit {@code flop}), input bytes ({@code byte}) or new tokens
 *                ({@code token}) of one call
 * @param best    seconds of the fastest call
 * @param median  seconds of the median call
 * @param reps    timed calls
 * @param note    free text (e.g. a correctness check), no tabs
 */
record Result(String group, String name, String shape, String threads, String impl, double work, String unit,
              double best, double median, int reps, String note) {

    static final String PREFIX = "RESULT\t";

    String toLine() {
        return PREFIX + String.join("\t", group, name, shape, threads, impl, Double.toString(work), unit,
                Double.toString(best), Double.toString(median), Integer.toString(reps), note.replace('\t', ' '));
    }

    static Optional<Result> parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] f = line.substring(PREFIX.length()).split("\t", -1);
        if (f.length < 10) {
            return Optional.empty();
        }
        return Optional.of(new Result(f[0], f[1], f[2], f[3], f[4], Double.parseDouble(f[5]), f[6],
                Double.parseDouble(f[7]), Double.parseDouble(f[8]), Integer.parseInt(f[9]),
                f.length > 10 ? f[10] : ""));
    }

    /** Work per second of the best call: flop/s, byte/s or tokens/s. */
    double rate() {
        return work / best;
    }

    /** For progress lines: {@code matmul 1024 [1 thread] ours: 12.30 ms, 87.1 GFLOP/s}. */
    String describe() {
        String speed = switch (unit) {
            case "flop" -> String.format(Locale.ROOT, "%.1f GFLOP/s", rate() / 1e9);
            case "token" -> String.format(Locale.ROOT, "%.1f tokens/s", rate());
            default -> String.format(Locale.ROOT, "%.1f MB/s", rate() / 1e6);
        };
        return String.format(Locale.ROOT, "%-9s %-14s [%s] %-8s %10.2f ms  %s%s", name, shape, threads, impl,
                best * 1e3, speed, note.isEmpty() ? "" : "  (" + note + ")");
    }
}
