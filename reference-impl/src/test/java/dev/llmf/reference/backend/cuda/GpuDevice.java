package dev.llmf.reference.backend.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real CUDA device of the GPU test classes, opened once per test JVM (and left to the JVM's exit to free), or
 * the reason there is none, which the tests report as their skip reason.
 */
final class GpuDevice {

    private static CudaDevice device;
    private static String unavailable;
    private static boolean tried;

    private GpuDevice() {
    }

    /** The device; skips the calling test (visibly, with the reason) when there is none. */
    static synchronized CudaDevice require() {
        if (!tried) {
            tried = true;
            try {
                device = CudaDevice.open(CudaLibraries.fromSystem());
            } catch (CudaUnavailableException e) {
                unavailable = e.getMessage().lines().findFirst().orElse("");
            }
        }
        assumeTrue(device != null, () -> "no CUDA device: " + unavailable);
        return device;
    }
}
