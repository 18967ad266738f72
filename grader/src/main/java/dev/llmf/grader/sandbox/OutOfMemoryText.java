package dev.llmf.grader.sandbox;

import java.util.Locale;

/**
 * Says which limit an {@code OutOfMemoryError} hit, in words a learner can act on. The JVM uses that one error for
 * very different limits: the heap, the class metadata space, direct buffers, and the number of threads (the
 * cgroup's {@code pids} limit makes {@code Thread.start} fail with "unable to create native thread"). Used both
 * when the child JVM exits on such an error ({@code -XX:+ExitOnOutOfMemoryError}) and when the error comes back
 * as the learner's exception (a failed {@code Thread.start} does not make the JVM exit).
 */
final class OutOfMemoryText {

    private OutOfMemoryText() {
    }

    /** The sentence for an {@code OutOfMemoryError} whose message is {@code detail} (may be null). */
    static String describe(String detail, Limits limits) {
        String what = detail == null ? "" : detail.strip();
        String lower = what.toLowerCase(Locale.ROOT);
        String error = "java.lang.OutOfMemoryError" + (what.isEmpty() ? "" : ": " + what);
        if (lower.contains("native thread")) {
            return "could not start another thread: the sandbox allows " + limits.maxProcesses() + " threads and"
                    + " processes in all, the JVM's own included; does your code start threads without end? (" + error
                    + ")";
        }
        if (lower.startsWith("metaspace")) {
            return "ran out of class metadata space (limit " + limits.metaspaceMegabytes() + " MiB of Metaspace):"
                    + " does your code create or load classes without end? (" + error + ")";
        }
        if (lower.startsWith("compressed class space")) {
            return "ran out of class metadata space (limit " + limits.classSpaceMegabytes() + " MiB of compressed"
                    + " class space): does your code create or load classes without end? (" + error + ")";
        }
        if (lower.contains("direct buffer memory")) {
            return "ran out of direct buffer memory (limit " + limits.directMemoryMegabytes() + " MiB): " + error;
        }
        return "ran out of memory (limit " + limits.heapMegabytes() + " MiB of heap): " + error;
    }
}
