package dev.llmf.reference.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Device memory is freed exactly once, when the code says so, never by the garbage collector. */
class DeviceArenaTest {

    /** Counts; hands out made-up addresses. */
    private static final class CountingMemory implements DeviceMemory {
        final List<Long> sizes = new ArrayList<>();
        final List<Long> freed = new ArrayList<>();
        long next = 0x1000;
        long failOn = -1;

        @Override
        public long allocate(long bytes) {
            sizes.add(bytes);
            long p = next;
            next += 0x1000;
            return p;
        }

        @Override
        public void free(long pointer) {
            freed.add(pointer);
            if (pointer == failOn) {
                throw new CudaException("cuMemFree_v2: CUDA_ERROR_INVALID_VALUE (1)");
            }
        }
    }

    private final CountingMemory memory = new CountingMemory();

    @Test
    @DisplayName("closing the arena frees every buffer once, newest first")
    void close_freesNewestFirst() {
        long a;
        long b;
        try (DeviceArena arena = new DeviceArena(memory)) {
            a = arena.allocate(10).pointer();
            b = arena.allocate(3).pointer();
            assertEquals(2, arena.liveBuffers());
        }
        assertEquals(List.of(40L, 12L), memory.sizes);
        assertEquals(List.of(b, a), memory.freed);
    }

    @Test
    @DisplayName("a buffer closed early is not freed again by the arena; using it afterwards is an error")
    void earlyClose_notFreedTwice() {
        DeviceBuffer early;
        try (DeviceArena arena = new DeviceArena(memory)) {
            early = arena.allocate(4);
            early.close();
            early.close();
            assertEquals(0, arena.liveBuffers());
        }
        assertEquals(1, memory.freed.size());
        var e = assertThrows(IllegalStateException.class, early::pointer);
        assertEquals("device buffer of 4 elements was already freed", e.getMessage());
    }

    @Test
    @DisplayName("an empty buffer still gets a real (4-byte) allocation: cuMemAlloc rejects 0 bytes")
    void emptyBuffer() {
        try (DeviceArena arena = new DeviceArena(memory)) {
            assertEquals(0, arena.allocate(0).elements());
        }
        assertEquals(List.of(4L), memory.sizes);
    }

    @Test
    @DisplayName("if one free fails, the others are still freed and the failure is reported afterwards")
    void failedFree_othersStillFreed() {
        DeviceArena arena = new DeviceArena(memory);
        arena.allocate(1);
        memory.failOn = arena.allocate(1).pointer();
        arena.allocate(1);
        var e = assertThrows(CudaException.class, arena::close);
        assertTrue(e.getMessage().startsWith("cuMemFree_v2"));
        assertEquals(3, memory.freed.size());
    }

    @Test
    @DisplayName("a closed arena allocates nothing more")
    void closedArena() {
        DeviceArena arena = new DeviceArena(memory);
        arena.close();
        var e = assertThrows(IllegalStateException.class, () -> arena.allocate(1));
        assertEquals("this device arena is closed", e.getMessage());
    }
}
