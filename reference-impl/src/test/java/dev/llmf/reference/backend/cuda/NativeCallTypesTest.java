package dev.llmf.reference.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every native call of the bindings, made once without a GPU. {@code invokeExact} checks the Java types at each call
 * site against the handle's descriptor only when it runs, and the emulated device never runs these: a {@code long}
 * passed where the descriptor says {@code int} would first fail on the GPU machine. Here every symbol is libc's
 * {@code sched_yield}, which ignores its arguments and returns 0 (CUDA_SUCCESS, NVRTC_SUCCESS,
 * CUBLAS_STATUS_SUCCESS); on x86-64 and AArch64 the caller owns the argument registers and stack, so extra
 * arguments are harmless.
 */
class NativeCallTypesTest {

    private static NativeLibrary succeedingLibrary() {
        Optional<MemorySegment> yield = Linker.nativeLinker().defaultLookup().find("sched_yield");
        assumeTrue(yield.isPresent(), "no sched_yield in the C library (not Linux?)");
        return new NativeLibrary("stub", name -> yield);
    }

    @Test
    @DisplayName("each driver call's Java argument types match its descriptor")
    void driverCalls() throws Exception {
        Driver driver = new Driver(succeedingLibrary());
        driver.init();
        assertEquals(0, driver.driverVersion());   // the stub writes nothing: the zeroed out-parameter
        assertEquals(0, driver.deviceCount());
        assertEquals(0, driver.attribute(driver.device(0), Driver.ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR));
        assertEquals("", driver.deviceName(0));
        MemorySegment context = driver.retainPrimaryContext(0);
        driver.setCurrent(context);
        driver.synchronize();
        assertArrayEquals(new long[] {0, 0}, driver.memoryInfo());
        long pointer = driver.allocate(64);
        driver.copyToDevice(pointer, new float[8], 2, 4);
        driver.copyToDevice(pointer, new int[4]);
        driver.copyToHost(new float[4], pointer);
        driver.copyOnDevice(pointer, pointer, 16);
        driver.free(pointer);
        driver.releasePrimaryContext(0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment module = driver.loadModule(arena.allocateFrom("ptx"));
            driver.launch(driver.function(module, "softmax_rows"), 3, 32, 0, arena.allocate(8));
        }
    }

    @Test
    @DisplayName("each NVRTC call's types match, and the kernels' launches marshal every argument type")
    void nvrtcCallsAndLaunches() throws Exception {
        NativeLibrary stub = succeedingLibrary();
        Nvrtc nvrtc = new Nvrtc(stub);
        assertArrayEquals(new int[] {0, 0}, nvrtc.version());
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(0, nvrtc.compile("// empty", "x.cu", List.of("--std=c++17"), arena).byteSize());
            Kernels kernels = new Kernels(new Driver(stub), nvrtc, 9, 0, arena);
            kernels.launch("rope_interleaved", 2, 256, KernelArg.pointer(16), KernelArg.i64(4), KernelArg.i32(2),
                    KernelArg.i32(8), KernelArg.i32(2), KernelArg.i32(4), KernelArg.pointer(32), KernelArg.f32(1f));
        }
    }

    @Test
    @DisplayName("each cuBLAS call's types match its descriptor")
    void cublasCalls() throws Exception {
        try (Cublas cublas = new Cublas(succeedingLibrary()).createHandle()) {
            cublas.useTf32(true);
            cublas.useTf32(false);
            cublas.sgemm(Cublas.OP_T, Cublas.OP_N, 2, 3, 4, 16, 4, 32, 4, true, 48, 2);
            cublas.sgemmStridedBatched(Cublas.OP_T, Cublas.OP_N, 2, 2, 4, 16, 12, 4, 16, 12, 4, 48, 2, 4, 3);
        }
    }
}
