package dev.llmf.bench;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How the report writes numbers and table rows. A ratio is ours ÷ theirs in speed (their time ÷ our time). */
final class Cells {

    private static final Pattern KERNELS = Pattern.compile("OpenBLAS (\\w+)");

    private Cells() {
    }

    static Optional<Double> speedRatio(Optional<Result> ours, Optional<Result> theirs) {
        return ours.isPresent() && theirs.isPresent() ? Optional.of(theirs.get().best() / ours.get().best())
                : Optional.empty();
    }

    static String ratio(Optional<Result> ours, Optional<Result> theirs) {
        return speedRatio(ours, theirs).map(r -> fmt("%.2f×", r)).orElse("—");
    }

    /** GFLOP/s and the time of the best call, e.g. {@code 101.3 (21.2 ms)}. */
    static String flops(Result r) {
        return fmt("%.1f (%s)", r.rate() / 1e9, time(r.best()));
    }

    /** The time of the best call and its GFLOP/s, e.g. {@code 21.2 ms (101.3 GFLOP/s)}. */
    static String millis(Result r) {
        return fmt("%s (%.1f GFLOP/s)", time(r.best()), r.rate() / 1e9);
    }

    /** Tokens per second of the best call and its time, e.g. {@code 512.0 (0.50 s)}. */
    static String tokens(Result r) {
        return fmt("%.1f (%s)", r.rate(), time(r.best()));
    }

    static String megabytes(Result r) {
        return fmt("%.1f", r.rate() / 1e6);
    }

    static String time(double seconds) {
        return seconds >= 1 ? fmt("%.2f s", seconds) : seconds >= 0.01 ? fmt("%.1f ms", seconds * 1e3)
                : fmt("%.3f ms", seconds * 1e3);
    }

    static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    /** The OpenBLAS kernel set named by the first INFO entry whose key starts with {@code prefix}; "?" if none. */
    static String kernelSet(Map<String, String> info, String prefix) {
        return info.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .map(e -> KERNELS.matcher(e.getValue())).filter(Matcher::find).map(m -> "OpenBLAS " + m.group(1))
                .findFirst().orElse("?");
    }

    static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
