package dev.llmf.reference.backend.cuda;

/** Allocates and frees device memory; the driver does it for real, a test with a fake that counts. */
public interface DeviceMemory {

    /** A device pointer to {@code bytes} bytes. */
    long allocate(long bytes);

    void free(long pointer);
}
