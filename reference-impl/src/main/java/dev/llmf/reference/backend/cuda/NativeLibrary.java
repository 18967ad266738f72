package dev.llmf.reference.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One shared library seen through the foreign function API: finds its symbols and makes method handles for them.
 * The bindings ({@link Driver}, {@link Nvrtc}, {@link Cublas}) take one of these, so a test can hand them a
 * lookup of its own and check every descriptor without a GPU.
 */
@SuppressWarnings("restricted")   // calling native code is this class's job; the JVM gets --enable-native-access
final class NativeLibrary {

    private static final Linker LINKER = Linker.nativeLinker();

    private final String name;
    private final SymbolLookup lookup;
    private final Map<String, FunctionDescriptor> bound = new LinkedHashMap<>();

    NativeLibrary(String name, SymbolLookup lookup) {
        this.name = name;
        this.lookup = lookup;
    }

    /** Loads the library at {@code path} for the life of {@code arena}. */
    static NativeLibrary load(Path path, Arena arena) throws CudaUnavailableException {
        try {
            return new NativeLibrary(path.getFileName().toString(), SymbolLookup.libraryLookup(path, arena));
        } catch (IllegalArgumentException | IllegalCallerException e) {
            throw new CudaUnavailableException("cannot load " + path + ": " + e.getMessage(), e);
        }
    }

    /** A handle for {@code symbol}, which returns {@code result} (null: void) and takes {@code args}. */
    MethodHandle function(String symbol, MemoryLayout result, MemoryLayout... args) throws CudaUnavailableException {
        return function(symbol, result == null ? FunctionDescriptor.ofVoid(args) : FunctionDescriptor.of(result, args));
    }

    /**
     * As {@link #function(String, MemoryLayout, MemoryLayout...)}, for a call that may read Java arrays directly
     * (a copy between a {@code float[]} and the device): "critical" calls must be short and never call back into
     * Java, which a memcpy is and does not.
     */
    MethodHandle heapAccessFunction(String symbol, MemoryLayout result, MemoryLayout... args)
            throws CudaUnavailableException {
        FunctionDescriptor descriptor = FunctionDescriptor.of(result, args);
        MethodHandle handle = LINKER.downcallHandle(address(symbol), descriptor, Linker.Option.critical(true));
        bound.put(symbol, descriptor);
        return handle;
    }

    private MethodHandle function(String symbol, FunctionDescriptor descriptor) throws CudaUnavailableException {
        MethodHandle handle = LINKER.downcallHandle(address(symbol), descriptor);
        bound.put(symbol, descriptor);
        return handle;
    }

    /** Each symbol bound so far and its descriptor (a test compares them with the C headers). */
    Map<String, FunctionDescriptor> boundFunctions() {
        return Map.copyOf(bound);
    }

    private MemorySegment address(String symbol) throws CudaUnavailableException {
        return lookup.find(symbol).orElseThrow(() -> new CudaUnavailableException(
                "symbol " + symbol + " is missing from " + name + " (a different version of the library?)"));
    }

    String name() {
        return name;
    }

    /** A native call that returns a status code; {@link #call} turns the checked Throwable of invokeExact away. */
    @FunctionalInterface
    interface StatusCall {
        int run() throws Throwable;
    }

    static int call(StatusCall call) {
        try {
            return call.run();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("native call failed: " + t, t);
        }
    }
}
