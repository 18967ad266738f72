package dev.llmf.reference.backend.cuda;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A scope for device buffers: everything allocated through it is freed when it closes, newest first, so one
 * forward pass (or one operation) frees all its temporaries in a {@code try (DeviceArena arena = …)} block.
 * Not thread-safe: one arena belongs to one operation.
 */
public final class DeviceArena implements AutoCloseable {

    private final DeviceMemory memory;
    private final Deque<DeviceBuffer> buffers = new ArrayDeque<>();
    private boolean closed;

    public DeviceArena(DeviceMemory memory) {
        this.memory = memory;
    }

    /** A new buffer of {@code elements} 4-byte elements (floats or ints), uninitialised. */
    public DeviceBuffer allocate(long elements) {
        if (closed) {
            throw new IllegalStateException("this device arena is closed");
        }
        DeviceBuffer buffer = new DeviceBuffer(memory, elements);
        buffers.push(buffer);
        return buffer;
    }

    /** How many buffers this arena holds that are not freed yet. */
    public int liveBuffers() {
        return (int) buffers.stream().filter(b -> !b.isFreed()).count();
    }

    /**
     * Frees every buffer, newest first. If a free fails, the others are still freed and the first failure is
     * thrown afterwards.
     */
    @Override
    public void close() {
        closed = true;
        RuntimeException first = null;
        while (!buffers.isEmpty()) {
            try {
                buffers.pop().close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
