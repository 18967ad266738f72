package dev.llmf.grader.sandbox;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One running child JVM, seen from the grader: the request pipe, a reader thread that splits the child's stdout
 * into frames, a reader thread that collects its stderr (the learner's prints and the JVM's own messages), and the
 * {@link Containment} that can kill everything it started. Calls are strictly one at a time: each response must
 * carry the id of the request it answers, anything else on the pipe kills the child with a {@code PROTOCOL}
 * failure.
 */
final class ChildProcess {

    /** How a sandbox holds and ends a child. */
    interface Containment {
        /** Kills the child and everything it started; returns when they are gone (or after a bounded wait). */
        void killAll();

        /** True when the child hit the OS memory limit (the kernel's OOM killer acted). */
        boolean memoryLimitHit();

        /** Kills what is left and frees what the child used (cgroups, temporary files). */
        void release();
    }

    /** The child is gone (or was killed); the call that was running fails with this. */
    static final class Died extends Exception {
        private static final long serialVersionUID = 1L;
        final transient LearnerFailure.Kind kind;

        Died(LearnerFailure.Kind kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }

        LearnerFailure toFailure() {
            return new LearnerFailure(kind, getMessage());
        }
    }

    private static final Object END = new Object();
    private static final Pattern OOM = Pattern.compile(
            "Terminating due to java\\.lang\\.OutOfMemoryError: ?([^\\r\\n]*)");

    private final Process process;
    private final Containment containment;
    private final Limits limits;
    /** Where its stderr goes: its own until a session takes it ({@link #attach}), then the session's. */
    private OutputCapture output;
    private final Object outputLock = new Object();
    private final TailBuffer stderrTail = new TailBuffer(16 * 1024);
    private final DataOutputStream toChild;
    private final BlockingQueue<Object> inbox = new ArrayBlockingQueue<>(2);
    private final long spawnNanos;
    private volatile String readerProblem;
    private volatile boolean dead;
    private boolean released;
    private long nextId = 1;
    private long helloNanos = -1;
    private long firstCallNanos = -1;

    ChildProcess(Process process, Containment containment, Limits limits, long spawnNanos) {
        this.process = process;
        this.containment = containment;
        this.limits = limits;
        this.output = new OutputCapture(limits.outputBytes());
        this.spawnNanos = spawnNanos;
        this.toChild = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        Thread stdout = new Thread(this::readFrames, "llmf-sandbox-stdout-" + process.pid());
        stdout.setDaemon(true);
        stdout.start();
        Thread stderr = new Thread(this::readStderr, "llmf-sandbox-stderr-" + process.pid());
        stderr.setDaemon(true);
        stderr.start();
    }

    long pid() {
        return process.pid();
    }

    boolean isDead() {
        return dead;
    }

    /** Not known dead, and its process still runs (a pre-started child may have died while it waited). */
    boolean isAlive() {
        return !dead && process.isAlive();
    }

    /** From now on its output is the session's: what it printed before (normally nothing) is moved there first. */
    void attach(OutputCapture session) {
        synchronized (outputLock) {
            output.transferTo(session);
            output = session;
        }
    }

    /** Nanoseconds from spawn to the child's hello frame, -1 before it came. */
    long startupNanos() {
        return helloNanos < 0 ? -1 : helloNanos - spawnNanos;
    }

    /** Nanoseconds from spawn to the end of the first call, -1 before it. */
    long firstCallNanos() {
        return firstCallNanos < 0 ? -1 : firstCallNanos - spawnNanos;
    }

    // ---------------------------------------------------------------------------------------------------------
    // readers

    private void readFrames() {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16))) {
            while (true) {
                byte[] frame = Wire.readFrame(in);
                if (frame == null) {
                    break;
                }
                inbox.put(frame);
            }
        } catch (Wire.ProtocolException e) {
            readerProblem = e.getMessage();
        } catch (IOException e) {
            readerProblem = dead ? null : "the output pipe broke: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                inbox.put(END);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void readStderr() {
        byte[] buffer = new byte[8192];
        try (InputStream in = process.getErrorStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (outputLock) {
                    output.append(buffer, 0, n);
                }
                stderrTail.append(buffer, 0, n);
            }
        } catch (IOException ignored) {
            // the child is gone
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // calls

    /** Waits for the child's hello frame. */
    void awaitHello(Duration timeout) throws Died {
        Object o = poll(timeout);
        if (o == null) {
            throw kill(LearnerFailure.Kind.CRASHED, "the sandboxed JVM did not start within " + seconds(timeout));
        }
        if (o == END) {
            throw death(true);
        }
        try {
            Wire.Hello hello = Wire.decodeHello((byte[]) o);
            if (hello.version() != Wire.VERSION) {
                throw kill(LearnerFailure.Kind.PROTOCOL, "the sandbox harness speaks version " + hello.version()
                        + ", the grader " + Wire.VERSION);
            }
        } catch (Wire.ProtocolException e) {
            throw kill(LearnerFailure.Kind.PROTOCOL, "the sandboxed JVM did not start properly (" + e.getMessage() + ")");
        }
        helloNanos = System.nanoTime();
    }

    long nextRequestId() {
        return nextId++;
    }

    /**
     * Sends {@code request} and waits up to {@code timeout} for its response.
     *
     * @throws Died if the child died, ran out of time (it is killed) or broke the protocol (it is killed)
     */
    Wire.Response call(Wire.Request request, byte[] payload, Duration timeout, SharedArrays shared) throws Died {
        if (dead) {
            throw new Died(LearnerFailure.Kind.CRASHED, "the sandboxed process is no longer running");
        }
        try {
            Wire.writeFrame(toChild, payload);
        } catch (IOException e) {
            throw death(false);
        }
        Object o = poll(timeout);
        if (o == null) {
            throw kill(LearnerFailure.Kind.TIMEOUT, "your code did not finish within " + seconds(timeout)
                    + ": is there an infinite loop?");
        }
        if (o == END) {
            throw death(false);
        }
        Wire.Response response;
        try {
            response = Wire.decodeResponse((byte[]) o, shared);
        } catch (Wire.ProtocolException e) {
            throw kill(LearnerFailure.Kind.PROTOCOL, "the sandboxed process sent an invalid answer (" + e.getMessage()
                    + "): does your code write to the raw standard output?");
        }
        if (response.id() != request.id()) {
            throw kill(LearnerFailure.Kind.PROTOCOL, "the sandboxed process answered request " + response.id()
                    + " while the grader waited for request " + request.id()
                    + ": does your code write to the raw standard output?");
        }
        if (firstCallNanos < 0) {
            firstCallNanos = System.nanoTime();
        }
        stderrTail.awaitTotal(response.outputMark(), 1000);
        return response;
    }

    /** Kills the child because the grader will not use what it says any more (e.g. a result of the wrong type). */
    Died kill(LearnerFailure.Kind kind, String message) {
        dead = true;
        containment.killAll();
        return new Died(kind, message);
    }

    private Object poll(Duration timeout) throws Died {
        try {
            return inbox.poll(Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw kill(LearnerFailure.Kind.TIMEOUT, "the grader stopped waiting for your code (interrupted)");
        }
    }

    /** The child's output ended or its stdin broke: find out why, in words for the learner. */
    private Died death(boolean starting) {
        dead = true;
        String problem = readerProblem;
        if (problem != null) {
            containment.killAll();
            return new Died(LearnerFailure.Kind.PROTOCOL, "the sandboxed process sent an invalid answer (" + problem
                    + "): does your code write to the raw standard output?");
        }
        boolean exited;
        try {
            exited = process.waitFor(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exited = false;
        }
        if (!exited) {
            containment.killAll();
            return new Died(LearnerFailure.Kind.PROTOCOL, "the sandboxed process closed its output but kept running");
        }
        int status = process.exitValue();
        boolean memoryHit = containment.memoryLimitHit();
        containment.killAll();   // whatever it started goes with it
        awaitStderr();
        String tail = stderrTail.text();
        Matcher oom = OOM.matcher(tail);
        if (oom.find()) {
            return new Died(LearnerFailure.Kind.OUT_OF_MEMORY, OutOfMemoryText.describe(oom.group(1), limits));
        }
        if (status == 125 && tail.contains("cgroup")) {
            throw new SandboxUnavailableException("the child could not join its cgroup: " + lastLines(tail, 3));
        }
        if (status >= 128 && memoryHit) {
            return new Died(LearnerFailure.Kind.OUT_OF_MEMORY, "ran out of memory (limit " + limits.memoryMegabytes()
                    + " MiB for the whole process, heap, threads and temporary files included): it was killed");
        }
        if (status >= 128) {
            int signal = status - 128;
            String text = switch (signal) {
                case 9 -> "it was killed (signal 9, SIGKILL)";
                case 6 -> "the JVM crashed (signal 6, SIGABRT)";
                case 11 -> "the JVM crashed (signal 11, SIGSEGV)";
                case 15 -> "it was terminated (signal 15, SIGTERM)";
                case 31 -> "it made a system call the sandbox forbids (signal 31, SIGSYS)";
                default -> "it was killed by signal " + signal;
            };
            return new Died(LearnerFailure.Kind.CRASHED, "the process died" + (starting ? " while starting" : "")
                    + ": " + text);
        }
        if (starting) {
            return new Died(LearnerFailure.Kind.CRASHED, "the sandboxed JVM exited with status " + status
                    + " while starting: " + lastLines(tail, 5));
        }
        return new Died(LearnerFailure.Kind.EXITED, "the process exited with status " + status
                + " (did you call System.exit or Runtime.halt?)");
    }

    /** Gives the stderr reader a moment to collect the child's last words (the JVM's OOM message). */
    private void awaitStderr() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = stderrTail.total();
            if (now == last) {
                return;
            }
            last = now;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Closes the child: stdin first (it exits by itself), then kills whatever is left and frees its resources. */
    synchronized void close() {
        if (released) {
            return;
        }
        released = true;
        dead = true;
        try {
            toChild.close();
        } catch (IOException ignored) {
            // already gone
        }
        containment.release();
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 == 0) {
            return (ms / 1000) + " s";
        }
        return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static String lastLines(String text, int n) {
        String[] lines = text.strip().split("\n");
        StringBuilder out = new StringBuilder();
        for (int i = Math.max(0, lines.length - n); i < lines.length; i++) {
            out.append(i > Math.max(0, lines.length - n) ? " | " : "").append(lines[i].strip());
        }
        return out.isEmpty() ? "(no message)" : out.toString();
    }

    /** The last bytes of a stream, for messages the JVM writes just before it dies. */
    static final class TailBuffer {
        private final byte[] ring;
        private long total;

        TailBuffer(int size) {
            ring = new byte[size];
        }

        synchronized void append(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                ring[(int) ((total + i) % ring.length)] = b[off + i];
            }
            total += len;
            notifyAll();
        }

        synchronized long total() {
            return total;
        }

        /** Waits (bounded) until at least {@code bytes} have been appended: output printed before an answer. */
        synchronized void awaitTotal(long bytes, long timeoutMillis) {
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (total < bytes) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    wait(Math.max(1, left / 1_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        synchronized String text() {
            int n = (int) Math.min(total, ring.length);
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) {
                out[i] = ring[(int) ((total - n + i) % ring.length)];
            }
            return new String(out, StandardCharsets.UTF_8);
        }
    }
}
