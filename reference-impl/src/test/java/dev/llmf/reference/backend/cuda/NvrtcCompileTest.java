package dev.llmf.reference.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The NVRTC binding against the real library, which needs no GPU: where {@code libnvrtc.so.13} is found (the usual
 * folders, or {@code -Dllmf.cuda.nvrtc=<path>}), the kernel program compiles to PTX for Hopper through the
 * foreign-function calls the backend makes at start-up, and a broken kernel gives NVRTC's log in the reason.
 * Skipped, visibly, without NVRTC.
 */
class NvrtcCompileTest {

    private final Arena arena = Arena.ofShared();
    private Nvrtc nvrtc;

    @BeforeEach
    void loadNvrtc() {
        try {   // as the backend loads it: with its builtins library from the same folder
            nvrtc = new Nvrtc(CudaLibraries.fromSystem().load(CudaLibraries.Library.NVRTC, arena));
        } catch (CudaUnavailableException e) {
            assumeTrue(false, "no NVRTC: " + e.getMessage());
        }
    }

    @AfterEach
    void unload() {
        arena.close();
    }

    @Test
    @DisplayName("NVRTC lists the architectures it compiles for, ascending, the H200's sm_90 among them")
    void supportedArchs() {
        int[] archs = nvrtc.supportedArchs();
        System.out.println("NVRTC supported architectures: " + Arrays.toString(archs));
        assertTrue(Arrays.stream(archs).anyMatch(a -> a == 90), Arrays.toString(archs));
        for (int i = 1; i < archs.length; i++) {
            assertTrue(archs[i - 1] < archs[i], Arrays.toString(archs));
        }
    }

    @Test
    @DisplayName("the kernel program compiles to PTX for compute_90 with every entry point in it")
    void compilesKernels() throws CudaUnavailableException {
        assertEquals(13, nvrtc.version()[0], "NVRTC major version");
        MemorySegment ptx = nvrtc.compile(KernelSources.program(), "llmf_kernels.cu",
                List.of("--gpu-architecture=compute_90", "--std=c++17"), arena);
        String text = ptx.getString(0);
        assertEquals(ptx.byteSize() - 1, text.length(), "the PTX is one NUL-terminated string, as cuModuleLoadData needs");
        for (List<String> names : KernelSources.ENTRY_POINTS.values()) {
            for (String name : names) {
                assertTrue(text.contains(".entry " + name + "("), name + " is missing from the PTX");
            }
        }
    }

    @Test
    @DisplayName("a kernel that does not compile: the reason names the file, the line and NVRTC's error")
    void brokenKernel() {
        String broken = "#line 1 \"broken.cu\"\nextern \"C\" __global__ void k(float* x) {\n  x[0] = y;\n}\n";
        var e = assertThrows(CudaUnavailableException.class, () -> nvrtc.compile(broken, "broken.cu",
                List.of("--gpu-architecture=compute_90"), arena));
        String firstLine = e.getMessage().lines().findFirst().orElseThrow();
        assertTrue(firstLine.startsWith("NVRTC could not compile broken.cu (NVRTC_ERROR_COMPILATION (6)): broken.cu(2): error"),
                firstLine);
        assertTrue(firstLine.contains("\"y\" is undefined"), firstLine);
    }
}
