package dev.llmf.reference.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The CUDA C kept as resources: what can be checked without NVRTC. (Compiling it needs a CUDA toolkit; the GPU
 * parity suite does that, and a compile error becomes the fallback's reason with NVRTC's log.)
 */
class KernelSourcesTest {

    @Test
    @DisplayName("each kernel file defines exactly its expected extern \"C\" entry points")
    void entryPoints() {
        for (Map.Entry<String, List<String>> file : KernelSources.ENTRY_POINTS.entrySet()) {
            assertEquals(file.getValue(), KernelSources.definedEntryPoints(KernelSources.read(file.getKey())),
                    file.getKey());
        }
        assertEquals(List.of("softmax.cu", "layernorm.cu", "gelu.cu", "residual.cu", "embedding.cu", "rope.cu"),
                List.copyOf(KernelSources.ENTRY_POINTS.keySet()));
    }

    @Test
    @DisplayName("every parameter of every kernel has one of the four types the launcher passes")
    void parameterTypes() {
        Map<String, List<KernelArg.Type>> signatures = EmulatedDevice.parseSignatures();
        assertEquals(6, signatures.size());
        signatures.forEach((kernel, types) -> assertFalse(types.contains(null), kernel + " has a parameter of another type"));
        assertEquals(List.of(KernelArg.Type.POINTER, KernelArg.Type.INT, KernelArg.Type.INT, KernelArg.Type.FLOAT,
                KernelArg.Type.INT), signatures.get("softmax_rows"));
    }

    @Test
    @DisplayName("the files are ASCII with balanced braces and parentheses, and use no host-only macro")
    void wellFormed() {
        for (String file : List.of("common.cuh", "softmax.cu", "layernorm.cu", "gelu.cu", "residual.cu",
                "embedding.cu", "rope.cu")) {
            String source = KernelSources.read(file);
            assertTrue(source.chars().allMatch(c -> c < 128), file + " must be ASCII (NVRTC reads it as bytes)");
            String code = source.replaceAll("//[^\n]*", "");
            assertEquals(count(code, '{'), count(code, '}'), file + ": braces");
            assertEquals(count(code, '('), count(code, ')'), file + ": parentheses");
            assertFalse(code.contains("INFINITY") && !code.contains("LLMF_NEG_INF"), file + ": NVRTC has no <math.h>");
            assertFalse(code.contains("#include"), file + ": NVRTC gets no headers");
        }
    }

    @Test
    @DisplayName("the program puts the shared reductions first and marks each file with #line for error messages")
    void program() {
        String program = KernelSources.program();
        assertTrue(program.startsWith("#line 1 \"common.cuh\"\n"));
        int previous = 0;
        for (String file : KernelSources.ENTRY_POINTS.keySet()) {
            int at = program.indexOf("#line 1 \"" + file + "\"\n");
            assertTrue(at > previous, file + " must follow the previous file");
            previous = at;
        }
    }

    @Test
    @DisplayName("a compile log's first error line is what the one-line fallback reason shows")
    void firstError() {
        String log = "llmf_kernels.cu(3): warning: unused\nsoftmax.cu(12): error: identifier \"x\" is undefined\n"
                + "1 error detected";
        assertEquals("softmax.cu(12): error: identifier \"x\" is undefined", Nvrtc.firstError(log));
        assertEquals("no errors here", Nvrtc.firstError("no errors here\nnext"));
    }

    private static long count(String s, char c) {
        return s.chars().filter(x -> x == c).count();
    }
}
