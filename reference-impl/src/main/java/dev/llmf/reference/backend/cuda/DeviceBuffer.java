package dev.llmf.reference.backend.cuda;

/**
 * A block of device memory holding floats (or ints), freed by {@link #close()} — exactly once, at a point the code
 * chooses, never by the garbage collector. Usually owned by a {@link DeviceArena}.
 */
public final class DeviceBuffer implements AutoCloseable {

    private final DeviceMemory memory;
    private final long pointer;
    private final long elements;
    private boolean freed;

    DeviceBuffer(DeviceMemory memory, long elements) {
        if (elements < 0) {
            throw new IllegalArgumentException("elements (" + elements + ") must be >= 0");
        }
        this.memory = memory;
        this.elements = elements;
        // subtle: cuMemAlloc rejects 0 bytes, and an empty tensor is legal: give it 4 bytes nobody reads
        this.pointer = memory.allocate(4 * Math.max(elements, 1));
    }

    /** The device address; only valid until {@link #close()}. */
    public long pointer() {
        if (freed) {
            throw new IllegalStateException("device buffer of " + elements + " elements was already freed");
        }
        return pointer;
    }

    /** The address of element {@code index} (4-byte elements). */
    public long at(long index) {
        return pointer() + 4 * index;
    }

    public long elements() {
        return elements;
    }

    public boolean isFreed() {
        return freed;
    }

    @Override
    public void close() {
        if (!freed) {
            freed = true;
            memory.free(pointer);
        }
    }
}
