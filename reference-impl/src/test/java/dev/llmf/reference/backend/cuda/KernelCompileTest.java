package dev.llmf.reference.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles the kernel program with {@code nvcc} where a CUDA toolkit is installed (no GPU needed), as NVRTC will
 * at run time: for Hopper (sm_90, the H200), with every warning an error, down to machine code (ptxas). Then checks
 * each kernel's parameters in the PTX against the argument types the host code passes. Skipped, visibly, without
 * {@code nvcc}.
 */
class KernelCompileTest {

    private static final Pattern ENTRY = Pattern.compile("\\.entry (\\w+)\\(([^)]*)\\)");
    private static final Pattern PARAM = Pattern.compile("\\.param \\.(\\w+) ");

    @Test
    @DisplayName("the kernels compile for sm_90 without warnings, and their PTX parameters match the launches")
    void compilesWithNvcc(@TempDir Path dir) throws IOException, InterruptedException {
        Optional<Path> nvcc = findNvcc();
        assumeTrue(nvcc.isPresent(), "no nvcc on the PATH or in /usr/local/cuda/bin: the kernels were not compiled");
        Path source = Files.writeString(dir.resolve("llmf_kernels.cu"), KernelSources.program());
        run(dir, nvcc.get().toString(), "-ptx", "-arch=compute_90", "-std=c++17", "-Werror", "all-warnings",
                "-o", "llmf.ptx", source.toString());
        run(dir, nvcc.get().toString(), "-cubin", "-arch=sm_90", "-std=c++17", "-Werror", "all-warnings",
                "-o", "llmf.cubin", source.toString());
        String ptx = Files.readString(dir.resolve("llmf.ptx"));
        Map<String, List<KernelArg.Type>> launched = EmulatedDevice.parseSignatures();
        Matcher m = ENTRY.matcher(ptx);
        int entries = 0;
        while (m.find()) {
            entries++;
            List<String> ptxTypes = new ArrayList<>();
            Matcher p = PARAM.matcher(m.group(2));
            while (p.find()) {
                ptxTypes.add(p.group(1));
            }
            List<String> expected = launched.get(m.group(1)).stream().map(t -> switch (t) {
                case POINTER, LONG -> "u64";
                case INT -> "u32";
                case FLOAT -> "f32";
            }).toList();
            assertEquals(expected, ptxTypes, m.group(1) + "'s parameters in the PTX");
        }
        assertEquals(launched.size(), entries, "entry points in the PTX");
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output);
    }

    private static Optional<Path> findNvcc() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)).filter(s -> !s.isEmpty()).map(Path::of),
                        Stream.of(Path.of("/usr/local/cuda/bin")))
                .map(folder -> folder.resolve("nvcc"))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
