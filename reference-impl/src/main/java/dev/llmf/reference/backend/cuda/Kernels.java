package dev.llmf.reference.backend.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernels of {@link KernelSources}, compiled by NVRTC for the device's architecture, loaded as one module,
 * and launched with arguments marshalled the way {@code cuLaunchKernel} wants them (an array of pointers to each
 * value).
 */
final class Kernels {

    private final Driver driver;
    private final Map<String, MemorySegment> functions = new HashMap<>();

    Kernels(Driver driver, Nvrtc nvrtc, int ccMajor, int ccMinor, Arena arena) throws CudaUnavailableException {
        this.driver = driver;
        int arch = Nvrtc.targetArch(10 * ccMajor + ccMinor, nvrtc.supportedArchs());
        MemorySegment ptx = nvrtc.compile(KernelSources.program(), "llmf_kernels.cu",
                List.of("--gpu-architecture=compute_" + arch, "--std=c++17"), arena);
        MemorySegment module;
        try {
            module = driver.loadModule(ptx);
        } catch (CudaException e) {
            throw new CudaUnavailableException("the driver cannot load the compiled kernels: " + e.getMessage(), e);
        }
        for (List<String> names : KernelSources.ENTRY_POINTS.values()) {
            for (String name : names) {
                functions.put(name, driver.function(module, name));
            }
        }
    }

    /** Launches {@code kernel} on the default stream (asynchronously); the argument values are copied by the call. */
    void launch(String kernel, long blocks, int threads, KernelArg... args) {
        MemorySegment function = functions.get(kernel);
        if (function == null) {
            throw new IllegalArgumentException("no kernel named " + kernel);
        }
        if (blocks <= 0) {
            return;   // nothing to do: a zero grid is an error for the driver
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = arena.allocate(ADDRESS, args.length);
            for (int i = 0; i < args.length; i++) {
                params.setAtIndex(ADDRESS, i, value(args[i], arena));
            }
            driver.launch(function, Math.toIntExact(blocks), threads, 0, params);
        }
    }

    private static MemorySegment value(KernelArg arg, Arena arena) {
        return switch (arg.type()) {
            case POINTER, LONG -> arena.allocateFrom(JAVA_LONG, arg.bits());
            case INT -> arena.allocateFrom(JAVA_INT, arg.asInt());
            case FLOAT -> arena.allocateFrom(JAVA_FLOAT, arg.asFloat());
        };
    }
}
