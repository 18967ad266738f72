package dev.llmf.reference.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Parallel loops on the helper threads: every index once, failures reach the caller, nested loops finish. */
@DisplayName("Workers")
class WorkersTest {

    @Test
    @DisplayName("a parallel loop runs every index exactly once, loop after loop")
    void everyIndexOnce() {
        for (int round = 0; round < 200; round++) {
            AtomicIntegerArray runs = new AtomicIntegerArray(round + 2);
            Workers.forEach(runs.length(), true, runs::incrementAndGet);
            for (int i = 0; i < runs.length(); i++) {
                assertEquals(1, runs.get(i), "round " + round + ", index " + i);
            }
        }
    }

    @Test
    @DisplayName("a task's exception reaches the caller, and the next loop still runs on all threads")
    void failureReachesTheCaller() {
        IllegalStateException thrown = new IllegalStateException("task 37");
        IllegalStateException caught = assertThrows(IllegalStateException.class,
                () -> Workers.forEach(64, true, i -> {
                    if (i == 37) {
                        throw thrown;
                    }
                }));
        assertSame(thrown, caught);
        AtomicIntegerArray runs = new AtomicIntegerArray(64);
        Workers.forEach(runs.length(), true, runs::incrementAndGet);
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(1, runs.get(i), "index " + i);
        }
    }

    @Test
    @DisplayName("a loop inside a task of a loop runs every index of both")
    void nestedLoops() {
        AtomicIntegerArray runs = new AtomicIntegerArray(16 * 16);
        Workers.forEach(16, true, outer -> Workers.forEach(16, true, inner -> runs.incrementAndGet(outer * 16 + inner)));
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(1, runs.get(i), "index " + i);
        }
    }
}
