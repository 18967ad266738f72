package dev.llmf.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code reference-impl/gpu/torch_baseline.py} (PyTorch eager on the same GPU) and reads its
 * {@code RESULT <case> <ms>} lines, for {@link GpuBench}'s side-by-side table. A baseline that cannot run is a
 * reason, never a failure of the benchmark.
 */
final class TorchBaseline {

    /** Milliseconds per case, or the reason there are none. */
    record Results(Map<String, Double> millis, String problem) {
    }

    private TorchBaseline() {
    }

    static Results run(Path script, boolean smoke) throws InterruptedException {
        if (!Files.isRegularFile(script)) {
            return new Results(Map.of(), "no script at " + script);
        }
        List<String> command = new ArrayList<>(List.of("python3", script.toString()));
        if (smoke) {
            command.add("--smoke");
        }
        Map<String, Double> millis = new LinkedHashMap<>();
        List<String> other = new ArrayList<>();
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    String[] parts = line.strip().split("\\s+");
                    if (parts.length == 3 && parts[0].equals("RESULT")) {
                        millis.put(parts[1], Double.parseDouble(parts[2]));
                    } else {
                        System.out.println("  torch: " + line);
                        other.add(line);
                    }
                }
            }
            if (!process.waitFor(15, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Results(millis, "timed out");
            }
            int exit = process.exitValue();
            return new Results(millis, exit == 0 ? null
                    : "python3 exited with " + exit + (other.isEmpty() ? "" : ": " + other.getLast()));
        } catch (IOException e) {
            return new Results(millis, "cannot run python3: " + e.getMessage());
        }
    }
}
