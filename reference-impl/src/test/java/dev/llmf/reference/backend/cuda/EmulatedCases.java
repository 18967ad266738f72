package dev.llmf.reference.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link BackendParityCases} on an {@link EmulatedDevice}, which also checks that every case frees what it took. */
abstract class EmulatedCases extends BackendParityCases {

    final EmulatedDevice device = new EmulatedDevice();
    final CudaBackend backend;

    EmulatedCases(boolean fast) {
        super(fast);
        backend = new CudaBackend(device, "emulated device", fast);
    }

    @Override
    CudaBackend backend() {
        return backend;
    }

    @Override
    int maxSize() {
        return 40;
    }

    @Override
    void assertNoDeviceMemoryLeft() {
        assertEquals(0, device.liveAllocations(), "device allocations still live after the case");
    }
}
