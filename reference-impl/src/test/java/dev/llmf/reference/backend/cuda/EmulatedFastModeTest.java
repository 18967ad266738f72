package dev.llmf.reference.backend.cuda;

/**
 * Fast mode on the emulated device, whose products round their inputs to TF32 as tensor cores do: checks that the
 * stated fast-mode tolerances ({@link BackendParityCases#fastMode}) hold for TF32 rounding itself.
 */
class EmulatedFastModeTest extends BackendParityCases {

    private final EmulatedDevice device = new EmulatedDevice();
    private final CudaBackend backend = new CudaBackend(device, "emulated device", true);

    @Override
    CudaBackend backend() {
        return backend;
    }

    @Override
    int maxSize() {
        return 40;
    }

    @Override
    Tolerance tolerance(Tolerance fp32) {
        return fastMode(fp32);
    }

    @Override
    void assertNoDeviceMemoryLeft() {
        org.junit.jupiter.api.Assertions.assertEquals(0, device.liveAllocations());
    }
}
