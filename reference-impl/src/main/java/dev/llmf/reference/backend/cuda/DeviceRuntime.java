package dev.llmf.reference.backend.cuda;

/**
 * What {@link DeviceOps} needs from a device: memory, copies, kernel launches and cuBLAS products. {@link CudaDevice}
 * is the real one; a test runs the same host code on an emulated device in Java, which checks the pointer
 * arithmetic, the column-major product mapping and the launch arguments without a GPU.
 */
interface DeviceRuntime extends DeviceMemory {

    /** Makes the device's context current on the calling thread (CUDA contexts are per thread). */
    void makeCurrent();

    void copyToDevice(long device, float[] host, int from, long count);

    void copyToDevice(long device, int[] host);

    /** Fills {@code host} from the device, after all queued work. */
    void copyToHost(float[] host, long device);

    void copyOnDevice(long target, long source, long bytes);

    void synchronize();

    /** Launches {@code kernel} on {@code blocks × threads} with {@code args} in its parameter order. */
    void launch(String kernel, long blocks, int threads, KernelArg... args);

    /** Column-major {@code C = op(A)·op(B) (+ C)}, as {@code cublasSgemm}; TF32 products when {@code tf32}. */
    void sgemm(boolean tf32, int opA, int opB, int m, int n, int k, long a, int lda, long b, int ldb,
               boolean accumulate, long c, int ldc);

    /** As {@code cublasSgemmStridedBatched} with alpha 1, beta 0. */
    void sgemmStridedBatched(boolean tf32, int opA, int opB, int m, int n, int k, long a, int lda, long strideA,
                             long b, int ldb, long strideB, long c, int ldc, long strideC, int batch);
}
