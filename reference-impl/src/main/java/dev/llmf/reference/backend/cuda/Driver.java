package dev.llmf.reference.backend.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The CUDA driver API calls the backend needs ({@code libcuda.so.1}), with their C signatures as descriptors.
 * Device pointers ({@code CUdeviceptr}) are {@code long}s; contexts, modules, functions are addresses. Every call
 * checks its {@code CUresult} and throws {@link CudaException} naming the call and the error.
 */
@SuppressWarnings("restricted")   // calling native code is this class's job; the JVM gets --enable-native-access
final class Driver implements DeviceMemory {

    static final int ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
    static final int ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;

    private final MethodHandle init, driverGetVersion, deviceGetCount, deviceGet, deviceGetName, deviceGetAttribute;
    private final MethodHandle primaryCtxRetain, primaryCtxRelease, ctxSetCurrent, ctxSynchronize, memGetInfo;
    private final MethodHandle memAlloc, memFree, memcpyHtoD, memcpyDtoH, memcpyDtoD;
    private final MethodHandle moduleLoadData, moduleGetFunction, launchKernel, getErrorName;

    Driver(NativeLibrary lib) throws CudaUnavailableException {
        init = lib.function("cuInit", JAVA_INT, JAVA_INT);
        driverGetVersion = lib.function("cuDriverGetVersion", JAVA_INT, ADDRESS);
        deviceGetCount = lib.function("cuDeviceGetCount", JAVA_INT, ADDRESS);
        deviceGet = lib.function("cuDeviceGet", JAVA_INT, ADDRESS, JAVA_INT);
        deviceGetName = lib.function("cuDeviceGetName", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
        deviceGetAttribute = lib.function("cuDeviceGetAttribute", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
        primaryCtxRetain = lib.function("cuDevicePrimaryCtxRetain", JAVA_INT, ADDRESS, JAVA_INT);
        primaryCtxRelease = lib.function("cuDevicePrimaryCtxRelease_v2", JAVA_INT, JAVA_INT);
        ctxSetCurrent = lib.function("cuCtxSetCurrent", JAVA_INT, ADDRESS);
        ctxSynchronize = lib.function("cuCtxSynchronize", JAVA_INT);
        memGetInfo = lib.function("cuMemGetInfo_v2", JAVA_INT, ADDRESS, ADDRESS);
        memAlloc = lib.function("cuMemAlloc_v2", JAVA_INT, ADDRESS, JAVA_LONG);
        memFree = lib.function("cuMemFree_v2", JAVA_INT, JAVA_LONG);
        memcpyHtoD = lib.heapAccessFunction("cuMemcpyHtoD_v2", JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG);
        memcpyDtoH = lib.heapAccessFunction("cuMemcpyDtoH_v2", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG);
        memcpyDtoD = lib.function("cuMemcpyDtoD_v2", JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG);
        moduleLoadData = lib.function("cuModuleLoadData", JAVA_INT, ADDRESS, ADDRESS);
        moduleGetFunction = lib.function("cuModuleGetFunction", JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        launchKernel = lib.function("cuLaunchKernel", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
        getErrorName = lib.function("cuGetErrorName", JAVA_INT, JAVA_INT, ADDRESS);
    }

    /** cuInit(0): the CUDA_ERROR_NO_DEVICE / _INSUFFICIENT_DRIVER of a machine without a usable GPU shows here. */
    void init() {
        check("cuInit", NativeLibrary.call(() -> (int) init.invokeExact(0)));
    }

    /** The CUDA version the driver supports, e.g. 13000 for 13.0. */
    int driverVersion() {
        return readInt("cuDriverGetVersion", out -> (int) driverGetVersion.invokeExact(out));
    }

    int deviceCount() {
        return readInt("cuDeviceGetCount", out -> (int) deviceGetCount.invokeExact(out));
    }

    int device(int ordinal) {
        return readInt("cuDeviceGet", out -> (int) deviceGet.invokeExact(out, ordinal));
    }

    int attribute(int device, int attribute) {
        return readInt("cuDeviceGetAttribute", out -> (int) deviceGetAttribute.invokeExact(out, attribute, device));
    }

    String deviceName(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(256);
            check("cuDeviceGetName", NativeLibrary.call(() -> (int) deviceGetName.invokeExact(name, 256, device)));
            return name.getString(0);
        }
    }

    /** The device's primary context (the one the CUDA runtime, and so cuBLAS, uses too). */
    MemorySegment retainPrimaryContext(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check("cuDevicePrimaryCtxRetain",
                    NativeLibrary.call(() -> (int) primaryCtxRetain.invokeExact(out, device)));
            return out.get(ADDRESS, 0);
        }
    }

    /** Drops this process's hold on the primary context; the driver frees it (and its memory) with the last one. */
    void releasePrimaryContext(int device) {
        check("cuDevicePrimaryCtxRelease_v2",
                NativeLibrary.call(() -> (int) primaryCtxRelease.invokeExact(device)));
    }

    /** Contexts are current per thread: every thread that calls into CUDA must set it first. */
    void setCurrent(MemorySegment context) {
        check("cuCtxSetCurrent", NativeLibrary.call(() -> (int) ctxSetCurrent.invokeExact(context)));
    }

    void synchronize() {
        check("cuCtxSynchronize", NativeLibrary.call(() -> (int) ctxSynchronize.invokeExact()));
    }

    /** Free and total device memory in bytes. */
    long[] memoryInfo() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment free = arena.allocate(JAVA_LONG);
            MemorySegment total = arena.allocate(JAVA_LONG);
            check("cuMemGetInfo_v2", NativeLibrary.call(() -> (int) memGetInfo.invokeExact(free, total)));
            return new long[] {free.get(JAVA_LONG, 0), total.get(JAVA_LONG, 0)};
        }
    }

    @Override
    public long allocate(long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG);
            check("cuMemAlloc_v2(" + bytes + " bytes)",
                    NativeLibrary.call(() -> (int) memAlloc.invokeExact(out, bytes)));
            return out.get(JAVA_LONG, 0);
        }
    }

    @Override
    public void free(long pointer) {
        check("cuMemFree_v2", NativeLibrary.call(() -> (int) memFree.invokeExact(pointer)));
    }

    // subtle: the copies between Java arrays and the device are "critical" calls (they read the array in place),
    // during which this thread cannot reach a safepoint, so every other thread waiting for a GC waits too. A
    // synchronous copy first waits for all queued GPU work (a whole forward pass): do that wait in the ordinary
    // cuCtxSynchronize, so the critical call lasts only as long as the copy itself.

    /** Copies {@code count} floats from {@code host[from..]} to the device (synchronous). */
    void copyToDevice(long device, float[] host, int from, long count) {
        synchronize();
        MemorySegment source = MemorySegment.ofArray(host).asSlice(4L * from, 4L * count);
        check("cuMemcpyHtoD_v2", NativeLibrary.call(() -> (int) memcpyHtoD.invokeExact(device, source, 4L * count)));
    }

    /** Copies {@code count} ints to the device (synchronous). */
    void copyToDevice(long device, int[] host) {
        synchronize();
        MemorySegment source = MemorySegment.ofArray(host);
        long bytes = 4L * host.length;
        check("cuMemcpyHtoD_v2", NativeLibrary.call(() -> (int) memcpyHtoD.invokeExact(device, source, bytes)));
    }

    /** Copies {@code host.length} floats from the device into {@code host}; waits for the work before it. */
    void copyToHost(float[] host, long device) {
        synchronize();
        MemorySegment target = MemorySegment.ofArray(host);
        long bytes = 4L * host.length;
        check("cuMemcpyDtoH_v2", NativeLibrary.call(() -> (int) memcpyDtoH.invokeExact(target, device, bytes)));
    }

    void copyOnDevice(long target, long source, long bytes) {
        check("cuMemcpyDtoD_v2", NativeLibrary.call(() -> (int) memcpyDtoD.invokeExact(target, source, bytes)));
    }

    /** Loads a PTX image (NUL-terminated) into the current context. */
    MemorySegment loadModule(MemorySegment image) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check("cuModuleLoadData", NativeLibrary.call(() -> (int) moduleLoadData.invokeExact(out, image)));
            return out.get(ADDRESS, 0);
        }
    }

    MemorySegment function(MemorySegment module, String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            MemorySegment cName = arena.allocateFrom(name);
            check("cuModuleGetFunction(" + name + ")",
                    NativeLibrary.call(() -> (int) moduleGetFunction.invokeExact(out, module, cName)));
            return out.get(ADDRESS, 0);
        }
    }

    /** Launches on the default stream; {@code params} is the array of pointers to each argument's value. */
    void launch(MemorySegment function, int gridX, int blockX, int sharedBytes, MemorySegment params) {
        check("cuLaunchKernel", NativeLibrary.call(() -> (int) launchKernel.invokeExact(function, gridX, 1, 1,
                blockX, 1, 1, sharedBytes, MemorySegment.NULL, params, MemorySegment.NULL)));
    }

    /** E.g. "CUDA_ERROR_NO_DEVICE (100)". */
    String errorName(int status) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            int rc = NativeLibrary.call(() -> (int) getErrorName.invokeExact(status, out));
            String name = rc == 0 ? out.get(ADDRESS, 0).reinterpret(128).getString(0) : "CUDA error";
            return name + " (" + status + ")";
        }
    }

    private void check(String what, int status) {
        if (status != 0) {
            throw new CudaException(what + ": " + errorName(status));
        }
    }

    @FunctionalInterface
    private interface IntOut {
        int run(MemorySegment out) throws Throwable;
    }

    private int readInt(String what, IntOut call) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check(what, NativeLibrary.call(() -> call.run(out)));
            return out.get(JAVA_INT, 0);
        }
    }
}
