package dev.llmf.reference.backend.cuda;

/**
 * CUDA cannot be used on this machine: a library is missing, no device answers, the driver is too old, a kernel
 * does not compile. The message says which, in one line, for the log line of the CPU fallback.
 */
public final class CudaUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public CudaUnavailableException(String reason) {
        super(reason);
    }

    public CudaUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
