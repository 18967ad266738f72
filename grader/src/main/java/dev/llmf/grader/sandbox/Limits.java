package dev.llmf.grader.sandbox;

import java.time.Duration;

/**
 * Limits for a session's child JVMs.
 *
 * @param callTimeout   wall-clock time one call into learner code may take before the child is killed
 * @param heapMegabytes the child's {@code -Xmx}
 * @param memoryMegabytes the cgroup limit on everything the child process uses (heap, metaspace, threads, …)
 * @param maxProcesses  the cgroup limit on processes and threads in the child
 * @param outputBytes   how much the learner may print (stdout and stderr together) before the rest is dropped
 * @param sessionBudget wall-clock time all calls of the session may take together, or null for no such limit;
 *                      with a budget, a method whose call ran past {@code callTimeout} is not called again
 *                      (see {@link CallBudget})
 */
public record Limits(Duration callTimeout, int heapMegabytes, int memoryMegabytes, int maxProcesses, int outputBytes,
                     Duration sessionBudget) {

    public Limits {
        if (sessionBudget != null && (sessionBudget.isNegative() || sessionBudget.isZero())) {
            throw new IllegalArgumentException("sessionBudget must be positive (or null for none): " + sessionBudget);
        }
    }

    /** Limits with no budget for the whole session: every call gets the full {@code callTimeout}. */
    public Limits(Duration callTimeout, int heapMegabytes, int memoryMegabytes, int maxProcesses, int outputBytes) {
        this(callTimeout, heapMegabytes, memoryMegabytes, maxProcesses, outputBytes, null);
    }

    public static Limits defaults() {
        return new Limits(Duration.ofSeconds(10), 256, 512, 64, 64 * 1024);
    }

    /** The child's {@code -XX:MaxMetaspaceSize}: a quarter of the memory limit, 32 to 128 MiB. */
    public int metaspaceMegabytes() {
        return Math.max(32, Math.min(128, memoryMegabytes / 4));
    }

    /** The child's {@code -XX:CompressedClassSpaceSize} (part of the metaspace): an eighth, 16 to 64 MiB. */
    public int classSpaceMegabytes() {
        return Math.max(16, Math.min(64, memoryMegabytes / 8));
    }

    /** The child's {@code -XX:MaxDirectMemorySize}. */
    public int directMemoryMegabytes() {
        return 16;
    }
}
