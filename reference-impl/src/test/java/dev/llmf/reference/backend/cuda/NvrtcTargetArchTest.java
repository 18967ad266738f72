package dev.llmf.reference.backend.cuda;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NvrtcTargetArchTest {

    // What NVRTC 13.0.88 lists (nvrtcGetSupportedArchs, printed by NvrtcCompileTest): Turing and newer.
    private static final int[] NVRTC_13 = {75, 80, 86, 87, 88, 89, 90, 100, 103, 110, 120, 121};

    @Test
    @DisplayName("a GPU NVRTC knows is compiled for as itself (H200: sm_90)")
    void knownArch() throws CudaUnavailableException {
        assertEquals(90, Nvrtc.targetArch(90, NVRTC_13));
        assertEquals(86, Nvrtc.targetArch(86, NVRTC_13));
    }

    @Test
    @DisplayName("a GPU newer than NVRTC knows gets the newest PTX below it, which the driver JIT-compiles")
    void newerArch() throws CudaUnavailableException {
        assertEquals(121, Nvrtc.targetArch(130, NVRTC_13));
        assertEquals(90, Nvrtc.targetArch(95, NVRTC_13));
    }

    @Test
    @DisplayName("a GPU older than every architecture NVRTC knows is refused with both named")
    void olderArch() {
        CudaUnavailableException e = assertThrows(CudaUnavailableException.class, () -> Nvrtc.targetArch(70, NVRTC_13));
        assertTrue(e.getMessage().contains("sm_75") && e.getMessage().contains("sm_70"), e.getMessage());
    }
}
