package dev.llmf.reference.backend.cuda;

import dev.llmf.contract.Tensor;
import dev.llmf.reference.backend.CpuBackend;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * One CUDA device, opened and checked: the driver initialised, the device's primary context, the kernels compiled
 * for its architecture, a cuBLAS handle, and a small product and softmax whose results were compared with the CPU.
 * {@link #open} either returns a device that works or throws {@link CudaUnavailableException} saying why.
 */
public final class CudaDevice implements DeviceRuntime, AutoCloseable {

    /** Which device to use when there are several (default 0). */
    public static final String ORDINAL_PROPERTY = "llmf.cuda.device";

    private final Arena arena;
    private final Driver driver;
    private final int device;
    private final MemorySegment context;
    private final Kernels kernels;
    private final Cublas cublas;
    private final String description;

    private CudaDevice(Arena arena, Driver driver, int device, MemorySegment context, Kernels kernels, Cublas cublas,
                       String description) {
        this.arena = arena;
        this.driver = driver;
        this.device = device;
        this.context = context;
        this.kernels = kernels;
        this.cublas = cublas;
        this.description = description;
    }

    /** Opens device {@code llmf.cuda.device} (default 0) with the libraries {@code libraries} finds. */
    public static CudaDevice open(CudaLibraries libraries) throws CudaUnavailableException {
        Arena arena = Arena.ofShared();   // the PTX lives as long as the device
        CudaDevice device = null;
        try {
            device = openIn(arena, libraries);
            device.selfTest();
            return device;
        } catch (CudaUnavailableException | RuntimeException | LinkageError e) {
            // a CudaException, or anything else: never crash the caller
            closeQuietly(device, arena);
            throw e instanceof CudaUnavailableException unavailable ? unavailable
                    : new CudaUnavailableException(String.valueOf(e.getMessage()), e);
        }
    }

    // After a failed self-test the cuBLAS handle exists too: destroy it, not just drop it.
    private static void closeQuietly(CudaDevice device, Arena arena) {
        try {
            if (device != null) {
                device.close();
            } else {
                arena.close();
            }
        } catch (RuntimeException e) {
            // the device is broken already; the caller gets the first failure
        }
    }

    private static CudaDevice openIn(Arena arena, CudaLibraries libraries) throws CudaUnavailableException {
        // subtle: the libraries are never unloaded (global arena). After cuInit and a context the driver runs
        // threads of its own, and cuBLAS's static runtime holds driver state; unmapping them (what closing a
        // library arena does) on the fallback path could crash the JVM later, and NVIDIA does not support it.
        Arena libraryArena = Arena.global();
        Driver driver = new Driver(libraries.load(CudaLibraries.Library.DRIVER, libraryArena));
        try {
            driver.init();
        } catch (CudaException e) {
            throw new CudaUnavailableException("no usable CUDA device (" + e.getMessage() + ")", e);
        }
        int count = driver.deviceCount();
        int ordinal = Integer.getInteger(ORDINAL_PROPERTY, 0);
        if (ordinal < 0 || ordinal >= count) {
            throw new CudaUnavailableException(ORDINAL_PROPERTY + " (" + ordinal + ") must be in [0, " + count
                    + "): the driver sees " + count + " device(s)");
        }
        int device = driver.device(ordinal);
        String name = driver.deviceName(device);
        int major = driver.attribute(device, Driver.ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR);
        int minor = driver.attribute(device, Driver.ATTRIBUTE_COMPUTE_CAPABILITY_MINOR);
        int driverVersion = driver.driverVersion();
        Nvrtc nvrtc = new Nvrtc(libraries.load(CudaLibraries.Library.NVRTC, libraryArena));
        int[] nvrtcVersion = nvrtc.version();
        Optional<String> mismatch = versionMismatch(driverVersion, nvrtcVersion[0], nvrtcVersion[1]);
        if (mismatch.isPresent()) {
            throw new CudaUnavailableException(mismatch.get());
        }
        MemorySegment context = driver.retainPrimaryContext(device);
        try {
            driver.setCurrent(context);
            Kernels kernels = new Kernels(driver, nvrtc, major, minor, arena);
            Cublas cublas = new Cublas(libraries.load(CudaLibraries.Library.CUBLAS, libraryArena)).createHandle();
            String description = "cuda (" + name + ", compute capability " + major + "." + minor + ", driver CUDA "
                    + version(driverVersion) + ", NVRTC " + nvrtcVersion[0] + "." + nvrtcVersion[1] + ")";
            return new CudaDevice(arena, driver, device, context, kernels, cublas, description);
        } catch (CudaUnavailableException | RuntimeException e) {
            releaseQuietly(driver, device);   // a CPU fallback should not keep the GPU memory a context holds
            throw e;
        }
    }

    private static void releaseQuietly(Driver driver, int device) {
        try {
            driver.releasePrimaryContext(device);
        } catch (RuntimeException e) {
            // the caller reports the failure that got here
        }
    }

    /**
     * Why PTX from this NVRTC would not load with this driver, if it would not: the driver must support at least
     * NVRTC's CUDA version ({@code driverVersion} as cuDriverGetVersion gives it, e.g. 12040 for 12.4).
     */
    static Optional<String> versionMismatch(int driverVersion, int nvrtcMajor, int nvrtcMinor) {
        int needed = nvrtcMajor * 1000 + nvrtcMinor * 10;
        if (driverVersion >= needed) {
            return Optional.empty();
        }
        return Optional.of("the driver supports CUDA " + version(driverVersion) + " but NVRTC is " + nvrtcMajor + "."
                + nvrtcMinor + ", whose kernels it cannot load: update the driver, or point "
                + CudaLibraries.Library.NVRTC.property() + " at an NVRTC of CUDA " + version(driverVersion) + " or older");
    }

    private static String version(int cudaVersion) {
        return cudaVersion / 1000 + "." + cudaVersion % 1000 / 10;
    }

    // A 3×4 · 4×5 product and a causal softmax on the device, compared with the CPU backend: catches a device
    // that answers but computes wrongly (a bad driver/toolkit pair) before anything relies on it.
    private void selfTest() throws CudaUnavailableException {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 3, 4);
        Tensor b = Tensor.zeros(4, 5);
        for (int i = 0; i < 20; i++) {
            b.data()[i] = (i % 7) * 0.25f - 0.5f;
        }
        CudaBackend backend = new CudaBackend(this, false);   // its operations lock this device
        Tensor square = Tensor.of(new float[] {0.5f, -1, 2, 1.5f, 0, -0.5f, 3, 1, -2}, 3, 3);
        CpuBackend cpu = new CpuBackend();
        float productError = maxDifference(cpu.matmul(a, b), backend.matmul(a, b));
        float softmaxError = maxDifference(cpu.softmax(square, 0.7f, true), backend.softmax(square, 0.7f, true));
        if (!(productError < 1e-4f && softmaxError < 1e-5f)) {
            throw new CudaUnavailableException("the device's self-test gave wrong numbers (product off by "
                    + productError + ", softmax by " + softmaxError + ")");
        }
    }

    private static float maxDifference(Tensor expected, Tensor actual) {
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        float max = 0;
        for (int i = 0; i < e.length; i++) {
            max = Math.max(max, Math.abs(e[i] - a[i]));   // NaN makes the comparison in selfTest fail
            if (Float.isNaN(a[i])) {
                return Float.NaN;
            }
        }
        return max;
    }

    /** E.g. "cuda (NVIDIA H200, compute capability 9.0, driver CUDA 13.0, NVRTC 13.0)". */
    public String describe() {
        return description;
    }

    /** Free and total device memory, in bytes. */
    public long[] memoryInfo() {
        synchronized (this) {
            driver.setCurrent(context);
            return driver.memoryInfo();
        }
    }

    @Override
    public void makeCurrent() {
        driver.setCurrent(context);
    }

    @Override
    public long allocate(long bytes) {
        return driver.allocate(bytes);
    }

    @Override
    public void free(long pointer) {
        driver.free(pointer);
    }

    @Override
    public void copyToDevice(long device, float[] host, int from, long count) {
        driver.copyToDevice(device, host, from, count);
    }

    @Override
    public void copyToDevice(long device, int[] host) {
        driver.copyToDevice(device, host);
    }

    @Override
    public void copyToHost(float[] host, long device) {
        driver.copyToHost(host, device);
    }

    @Override
    public void copyOnDevice(long target, long source, long bytes) {
        driver.copyOnDevice(target, source, bytes);
    }

    @Override
    public void synchronize() {
        driver.synchronize();
    }

    @Override
    public void launch(String kernel, long blocks, int threads, KernelArg... args) {
        kernels.launch(kernel, blocks, threads, args);
    }

    @Override
    public void sgemm(boolean tf32, int opA, int opB, int m, int n, int k, long a, int lda, long b, int ldb,
                      boolean accumulate, long c, int ldc) {
        cublas.useTf32(tf32);
        cublas.sgemm(opA, opB, m, n, k, a, lda, b, ldb, accumulate, c, ldc);
    }

    @Override
    public void sgemmStridedBatched(boolean tf32, int opA, int opB, int m, int n, int k, long a, int lda,
                                    long strideA, long b, int ldb, long strideB, long c, int ldc, long strideC,
                                    int batch) {
        cublas.useTf32(tf32);
        cublas.sgemmStridedBatched(opA, opB, m, n, k, a, lda, strideA, b, ldb, strideB, c, ldc, strideC, batch);
    }

    @Override
    public void close() {
        synchronized (this) {
            driver.setCurrent(context);
            cublas.close();
            arena.close();
            releaseQuietly(driver, device);
        }
    }
}
