package dev.llmf.reference.backend.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * cuBLAS ({@code libcublas.so.13}) single-precision products. cuBLAS is column-major; {@link DeviceOps} turns
 * the row-major products of the model into these calls. One handle, used under the backend's lock.
 */
final class Cublas implements AutoCloseable {

    static final int OP_N = 0;
    static final int OP_T = 1;
    static final int DEFAULT_MATH = 0;            // CUBLAS_DEFAULT_MATH: fp32 all the way
    static final int TF32_TENSOR_OP_MATH = 3;     // CUBLAS_TF32_TENSOR_OP_MATH: inputs rounded to TF32 (10-bit mantissa)

    private final MethodHandle create, destroy, setMathMode, sgemm, sgemmStridedBatched;
    private Arena arena;
    private MemorySegment handle;
    private MemorySegment one;
    private MemorySegment zero;
    private int mathMode = -1;

    /** Binds the functions; {@link #createHandle()} then starts cuBLAS on the current context. */
    Cublas(NativeLibrary lib) throws CudaUnavailableException {
        create = lib.function("cublasCreate_v2", JAVA_INT, ADDRESS);
        destroy = lib.function("cublasDestroy_v2", JAVA_INT, ADDRESS);
        setMathMode = lib.function("cublasSetMathMode", JAVA_INT, ADDRESS, JAVA_INT);
        sgemm = lib.function("cublasSgemm_v2", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
        sgemmStridedBatched = lib.function("cublasSgemmStridedBatched", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG,
                ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
    }

    Cublas createHandle() throws CudaUnavailableException {
        Arena constants = Arena.ofShared();
        MemorySegment out = constants.allocate(ADDRESS);
        int status = NativeLibrary.call(() -> (int) create.invokeExact(out));
        if (status != 0) {
            constants.close();
            throw new CudaUnavailableException("cublasCreate_v2 failed: " + statusName(status));
        }
        arena = constants;
        handle = out.get(ADDRESS, 0);
        one = arena.allocateFrom(JAVA_FLOAT, 1f);
        zero = arena.allocateFrom(JAVA_FLOAT, 0f);
        return this;
    }

    /** fp32 (default) or TF32 tensor cores for the products that follow. */
    void useTf32(boolean tf32) {
        int mode = tf32 ? TF32_TENSOR_OP_MATH : DEFAULT_MATH;
        if (mode != mathMode) {
            check("cublasSetMathMode", NativeLibrary.call(() -> (int) setMathMode.invokeExact(handle, mode)));
            mathMode = mode;
        }
    }

    /** Column-major {@code C = op(A)·op(B) + beta·C} with alpha 1 and beta 0 or 1. */
    void sgemm(int opA, int opB, int m, int n, int k, long a, int lda, long b, int ldb, boolean accumulate,
               long c, int ldc) {
        MemorySegment beta = accumulate ? one : zero;
        check("cublasSgemm_v2", NativeLibrary.call(() -> (int) sgemm.invokeExact(handle, opA, opB, m, n, k, one,
                a, lda, b, ldb, beta, c, ldc)));
    }

    /** {@code batch} column-major products {@code C_i = op(A_i)·op(B_i)}, each operand {@code stride} floats apart. */
    void sgemmStridedBatched(int opA, int opB, int m, int n, int k, long a, int lda, long strideA,
                             long b, int ldb, long strideB, long c, int ldc, long strideC, int batch) {
        check("cublasSgemmStridedBatched", NativeLibrary.call(() -> (int) sgemmStridedBatched.invokeExact(handle,
                opA, opB, m, n, k, one, a, lda, strideA, b, ldb, strideB, zero, c, ldc, strideC, batch)));
    }

    @Override
    public void close() {
        if (handle != null) {
            NativeLibrary.call(() -> (int) destroy.invokeExact(handle));
            arena.close();
            handle = null;
        }
    }

    /** cublasStatus_t names, e.g. "CUBLAS_STATUS_NOT_INITIALIZED (1)". */
    static String statusName(int status) {
        String name = switch (status) {
            case 1 -> "CUBLAS_STATUS_NOT_INITIALIZED";
            case 3 -> "CUBLAS_STATUS_ALLOC_FAILED";
            case 7 -> "CUBLAS_STATUS_INVALID_VALUE";
            case 8 -> "CUBLAS_STATUS_ARCH_MISMATCH";
            case 11 -> "CUBLAS_STATUS_MAPPING_ERROR";
            case 13 -> "CUBLAS_STATUS_EXECUTION_FAILED";
            case 14 -> "CUBLAS_STATUS_INTERNAL_ERROR";
            case 15 -> "CUBLAS_STATUS_NOT_SUPPORTED";
            case 16 -> "CUBLAS_STATUS_LICENSE_ERROR";
            default -> "cuBLAS status";
        };
        return name + " (" + status + ")";
    }

    private static void check(String what, int status) {
        if (status != 0) {
            throw new CudaException(what + ": " + statusName(status));
        }
    }
}
