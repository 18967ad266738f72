package dev.llmf.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.llmf.contract.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Python process as a test oracle: finds an interpreter that can import what a check needs, writes the inputs
 * as text ({@code op name}; {@code tensor name d0 d1 …} then the values; {@code ints name n} then the ids;
 * {@code number name v}; {@code flag name 0|1}),
 * runs a script from {@code src/test/resources/crosscheck/}, and reads back its {@code tensor} lines.
 */
final class PythonOracle {

    private PythonOracle() {
    }

    private static String torch;
    private static String torchWhyNot;

    /**
     * The {@code python3} that imports torch (Debian's {@code /usr/bin/python3} first), found once; where there is
     * none, the calling test is skipped (an assumption) with the reason.
     */
    static synchronized String torchOrSkip() {
        if (torch == null && torchWhyNot == null) {
            StringBuilder why = new StringBuilder();
            torch = find("torch", List.of("/usr/bin/python3", "python3"), why).orElse(null);
            torchWhyNot = torch == null ? why.toString() : null;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(torch != null,
                () -> "skipped: the PyTorch cross-check needs a python3 with torch (" + torchWhyNot + ")");
        return torch;
    }

    /** The first of {@code interpreters} that runs {@code import <modules>} within 60 s, or why none does. */
    static Optional<String> find(String modules, List<String> interpreters, StringBuilder why) {
        for (String python : interpreters) {
            String problem = problemRunning(python, "-c", "import " + modules);
            if (problem == null) {
                return Optional.of(python);
            }
            why.append(why.isEmpty() ? "" : "; ").append(problem);
        }
        return Optional.empty();
    }

    /** Null if the command exits with 0 within 60 s, else why not. */
    static String problemRunning(String... command) {
        try {
            Path log = Files.createTempFile("llmf-python-probe", ".log");
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                p.getOutputStream().close();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return "'" + String.join(" ", command) + "' did not finish within 60 s";
                }
                return p.exitValue() == 0 ? null : "'" + String.join(" ", command) + "' exited with "
                        + p.exitValue() + ": " + Files.readString(log, StandardCharsets.UTF_8).strip();
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            return "cannot run '" + command[0] + "': " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while probing " + command[0];
        }
    }

    /** Copies the resource {@code crosscheck/<name>} into {@code folder}, unless it is there already. */
    static Path copyScript(String name, Path folder) throws IOException {
        Path target = folder.resolve(name);
        if (Files.exists(target)) {
            return target;
        }
        try (InputStream in = PythonOracle.class.getResourceAsStream("/crosscheck/" + name)) {
            assertNotNull(in, "test resource crosscheck/" + name + " is missing");
            Files.copy(in, target);
        }
        return target;
    }

    /** Runs {@code python script args…}; fails the test with the script's output if it fails or takes 5 minutes. */
    static void run(String python, Path script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python, script.toString()));
        command.addAll(List.of(args));
        Path log = Path.of(script + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(python + " did not finish within 300 s: " + command);
        }
        assertEquals(0, p.exitValue(), () -> python + " failed: " + command + "\n" + read(log));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** One input file: an op and named values, written in the order they are added. */
    static final class Input {
        private final StringBuilder text;

        Input(String op) {
            text = new StringBuilder("op ").append(op).append('\n');
        }

        Input tensor(String name, Tensor t) {
            text.append("tensor ").append(name);
            for (int size : t.shape()) {
                text.append(' ').append(size);
            }
            text.append('\n');
            float[] values = t.toArray();
            for (int j = 0; j < values.length; j++) {
                // Double.toString of the widened float: Python reads back exactly this float's value
                text.append(j == 0 ? "" : " ").append(Double.toString(values[j]));
            }
            text.append('\n');
            return this;
        }

        Input flag(String name, boolean on) {
            text.append("flag ").append(name).append(on ? " 1\n" : " 0\n");
            return this;
        }

        Input ints(String name, int[] ids) {
            text.append("ints ").append(name).append(' ').append(ids.length).append('\n');
            for (int j = 0; j < ids.length; j++) {
                text.append(j == 0 ? "" : " ").append(ids[j]);
            }
            text.append('\n');
            return this;
        }

        Input number(String name, double value) {
            text.append("number ").append(name).append(' ').append(Double.toString(value)).append('\n');
            return this;
        }

        String text() {
            return text.toString();
        }
    }

    /** The named results of an output file: {@code tensor <name> <shape>} lines, each followed by its values. */
    static Map<String, double[]> results(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, double[]> named = new LinkedHashMap<>();
        for (int l = 0; l + 1 < lines.size(); l += 2) {
            String[] head = lines.get(l).split(" ");
            String[] values = lines.get(l + 1).isBlank() ? new String[0] : lines.get(l + 1).split(" ");
            double[] v = new double[values.length];
            for (int j = 0; j < v.length; j++) {
                v[j] = Double.parseDouble(values[j]);
            }
            named.put(head[1], v);
        }
        return named;
    }
}
