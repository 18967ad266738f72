package dev.llmf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** One line about the machine: CPU model (as lscpu shows it; family, model, vector width), cores, memory, OS. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        Path cpu = Path.of("/proc/cpuinfo");
        String model = firstValue(cpu, "model name").orElse(System.getProperty("os.arch"))
                + firstValue(cpu, "cpu family").map(f -> " (family " + f + ", model "
                + firstValue(cpu, "model").orElse("?") + ", " + vectors() + ")").orElse("");
        String memory = firstValue(Path.of("/proc/meminfo"), "MemTotal")
                .map(kb -> String.format(Locale.ROOT, "%.0f GiB", Long.parseLong(kb.replaceAll("\\D", "")) / 1048576.0))
                .orElse("? GiB");
        String os = firstValue(Path.of("/etc/os-release"), "PRETTY_NAME").map(v -> v.replace("\"", ""))
                .orElse(System.getProperty("os.name"));
        return model + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + memory + ", " + os;
    }

    /** The widest vector instructions the CPU has: AVX-512, AVX2 or neither. */
    static String vectors() {
        String flags = " " + firstValue(Path.of("/proc/cpuinfo"), "flags").orElse("") + " ";
        return flags.contains(" avx512f ") ? "AVX-512" : flags.contains(" avx2 ") ? "AVX2" : "no AVX2";
    }

    /**
     * The OpenBLAS kernel set (OPENBLAS_CORETYPE) that fits this CPU's vector instructions: SkylakeX with AVX-512,
     * Haswell with AVX2, none otherwise. An OpenBLAS older than the CPU does not recognise it and falls back to old
     * kernels on its own.
     */
    static java.util.Optional<String> openBlasCore() {
        String flags = " " + firstValue(Path.of("/proc/cpuinfo"), "flags").orElse("") + " ";
        if (flags.contains(" avx512f ")) {
            return java.util.Optional.of("SkylakeX");
        }
        return flags.contains(" avx2 ") ? java.util.Optional.of("Haswell") : java.util.Optional.empty();
    }

    /** The 1, 5 and 15 minute load averages, e.g. "0.52 0.31 0.20": other work on the machine skews every number. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static java.util.Optional<String> firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                int sep = line.indexOf(line.contains("=") && !line.contains(":") ? '=' : ':');
                if (sep > 0 && line.substring(0, sep).trim().equals(key)) {
                    return java.util.Optional.of(line.substring(sep + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or unreadable: fall back
        }
        return java.util.Optional.empty();
    }
}
