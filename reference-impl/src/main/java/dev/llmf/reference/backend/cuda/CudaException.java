package dev.llmf.reference.backend.cuda;

/** A CUDA, NVRTC or cuBLAS call failed while the backend was in use, e.g. "cuMemAlloc_v2: CUDA_ERROR_OUT_OF_MEMORY (2)". */
public final class CudaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CudaException(String message) {
        super(message);
    }
}
