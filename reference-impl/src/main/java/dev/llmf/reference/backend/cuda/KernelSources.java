package dev.llmf.reference.backend.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CUDA C of the kernels, kept as resources ({@code kernels/*.cu}) and compiled as one NVRTC program: the
 * shared {@code common.cuh} first, then each file after a {@code #line} directive, so a compile error names the
 * right file and line.
 */
public final class KernelSources {

    /** The kernel files, in program order, and the entry points each must define. */
    public static final Map<String, List<String>> ENTRY_POINTS = entryPoints();

    static final String COMMON = "common.cuh";

    private static final Pattern ENTRY = Pattern.compile("extern\\s+\"C\"\\s+__global__\\s+void\\s+(\\w+)\\s*\\(");

    private KernelSources() {
    }

    private static Map<String, List<String>> entryPoints() {
        Map<String, List<String>> files = new LinkedHashMap<>();
        files.put("softmax.cu", List.of("softmax_rows"));
        files.put("layernorm.cu", List.of("layer_norm_rows"));
        files.put("gelu.cu", List.of("gelu_tanh"));
        files.put("residual.cu", List.of("add_elementwise"));
        files.put("embedding.cu", List.of("embed_tokens"));
        files.put("rope.cu", List.of("rope_interleaved"));
        return java.util.Collections.unmodifiableMap(files);
    }

    /** The text of one kernel resource, e.g. {@code read("softmax.cu")}. */
    public static String read(String file) {
        try (InputStream in = KernelSources.class.getResourceAsStream("kernels/" + file)) {
            if (in == null) {
                throw new IllegalStateException("kernel source kernels/" + file + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names after {@code extern "C" __global__ void} in {@code source}, in order. */
    public static List<String> definedEntryPoints(String source) {
        List<String> names = new ArrayList<>();
        Matcher m = ENTRY.matcher(source);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The one program NVRTC compiles. */
    public static String program() {
        StringBuilder program = new StringBuilder();
        program.append("#line 1 \"").append(COMMON).append("\"\n").append(read(COMMON)).append('\n');
        for (String file : ENTRY_POINTS.keySet()) {
            program.append("#line 1 \"").append(file).append("\"\n").append(read(file)).append('\n');
        }
        return program.toString();
    }
}
