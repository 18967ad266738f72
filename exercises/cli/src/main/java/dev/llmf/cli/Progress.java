package dev.llmf.cli;

import java.io.PrintWriter;

/**
 * Shows that llmf is waiting: a spinner with the state and seconds waited on a terminal, a dot per second
 * otherwise (so logs stay readable). Goes to the error stream; results go to standard output.
 */
final class Progress {

    private final PrintWriter err;
    private final Style style;
    private final boolean tty;
    private final String label;
    private final long start = System.nanoTime();
    private int frame;
    private long dots;
    private boolean started;

    Progress(PrintWriter err, Style style, boolean tty, String label) {
        this.err = err;
        this.style = style;
        this.tty = tty;
        this.label = label;
    }

    /** Redraws the spinner (terminal) or adds the dots for the seconds passed since the last call. */
    synchronized void update(String state) {
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        if (tty) {
            String[] frames = style.spinner();
            err.print("\r" + frames[frame++ % frames.length] + " " + label
                    + (state == null ? "" : " " + style.dim("(" + state.toLowerCase(java.util.Locale.ROOT) + ")"))
                    + " " + seconds + "s\u001b[K");
            err.flush();
            started = true;
            return;
        }
        if (!started) {
            err.print(label + " ");
            started = true;
        }
        while (dots < seconds) {
            err.print('.');
            dots++;
        }
        err.flush();
    }

    /** Clears the spinner line, or ends the line of dots. */
    synchronized void done() {
        if (!started) {
            return;
        }
        err.print(tty ? "\r\u001b[K" : "\n");
        err.flush();
        started = false;
    }
}
