package dev.llmf.grader.sandbox;

import java.nio.charset.StandardCharsets;

/**
 * What the learner printed in one session (every child it ran, stdout and stderr together), kept up to a byte
 * limit; the rest is counted and dropped. The text is shown to the learner: whoever renders it in a page must
 * escape it.
 */
final class OutputCapture {

    private final byte[] kept;
    private int size;
    private long dropped;

    OutputCapture(int limit) {
        this.kept = new byte[Math.max(0, limit)];
    }

    synchronized void append(byte[] b, int off, int len) {
        int n = Math.min(len, kept.length - size);
        System.arraycopy(b, off, kept, size, n);
        size += n;
        dropped += len - n;
    }

    /** Appends what this holds to {@code target}, the dropped bytes counted as dropped there too. */
    synchronized void transferTo(OutputCapture target) {
        synchronized (target) {
            target.append(kept, 0, size);
            target.dropped += dropped;
        }
    }

    /** Bytes kept (at most the limit). */
    synchronized int size() {
        return size;
    }

    synchronized boolean truncated() {
        return dropped > 0;
    }

    /** The kept bytes as text (a character cut at the limit becomes U+FFFD), plus a note when output was dropped. */
    synchronized String text() {
        return textSince(0);
    }

    /** How many bytes were printed so far, kept or not: a mark for {@link #textSince}. */
    synchronized long mark() {
        return size + dropped;
    }

    /** What was printed after {@code mark}, plus a note when some of it was dropped. */
    synchronized String textSince(long mark) {
        int from = (int) Math.min(Math.max(0, mark), size);
        String text = new String(kept, from, size - from, StandardCharsets.UTF_8);
        if (size + dropped > Math.max(mark, size)) {
            text += "\n[output cut: only the first " + kept.length + " bytes are kept]";
        }
        return text;
    }
}
