package dev.llmf.grader.sandbox;

import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Child JVMs started ahead of need, so that opening a session does not wait for a JVM to start: while one
 * submission is compiled and graded, the child for the next one starts. Each is fresh, in its own new cgroup, and
 * goes to exactly one session, which kills it at its end like any other child; none is ever used twice. It keeps
 * up to {@code count} children for the limits it was last asked for, started one at a time on a thread of its own;
 * it starts them only when one is taken (the first session with new limits starts its own), so a sandbox that
 * fails to start is not retried in a loop.
 */
final class PrestartedChildren {

    private static final Logger LOG = Logger.getLogger(PrestartedChildren.class);

    private final JvmSandbox sandbox;
    private final int count;
    private final ExecutorService starter = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("llmf-sandbox-prestart").daemon().factory());
    private final Deque<ChildProcess> ready = new ArrayDeque<>();
    /** The limits of the children in {@link #ready} and of those starting. */
    private Limits limits;
    private int starting;
    private boolean closed;

    PrestartedChildren(JvmSandbox sandbox, int count) {
        this.sandbox = sandbox;
        this.count = count;
    }

    /** A waiting child with {@code wanted} limits, or null (the caller starts one); either way, more start behind it. */
    ChildProcess take(Limits wanted) {
        List<ChildProcess> unusable = new ArrayList<>();
        ChildProcess child = null;
        synchronized (this) {
            if (closed) {
                return null;
            }
            if (!wanted.equals(limits)) {
                unusable.addAll(ready);
                ready.clear();
                limits = wanted;
            }
            while (child == null && !ready.isEmpty()) {
                ChildProcess next = ready.poll();
                if (next.isAlive()) {
                    child = next;
                } else {
                    unusable.add(next);
                }
            }
            for (int missing = count - ready.size() - starting; missing > 0; missing--) {
                starting++;
                starter.execute(() -> startOne(wanted));
            }
        }
        unusable.forEach(ChildProcess::close);
        return child;
    }

    private void startOne(Limits wanted) {
        ChildProcess child = null;
        try {
            child = sandbox.greet(wanted);
        } catch (Exception e) {
            // a session that needs a child starts its own and reports what goes wrong
            LOG.debugf("a pre-started sandbox did not start: %s", e.getMessage());
        }
        boolean kept;
        synchronized (this) {
            starting--;
            kept = child != null && !closed && wanted.equals(limits);
            if (kept) {
                ready.add(child);
            }
        }
        if (!kept && child != null) {
            child.close();
        }
    }

    /** The pids of the children waiting now (for tests). */
    synchronized List<Long> waitingPids() {
        return ready.stream().map(ChildProcess::pid).toList();
    }

    /**
     * Kills the waiting children and starts no more; returns once a child that was starting is gone too (within
     * the start-up limit), so that no cgroup of theirs outlives this call.
     */
    void close() {
        List<ChildProcess> waiting;
        synchronized (this) {
            closed = true;
            waiting = new ArrayList<>(ready);
            ready.clear();
        }
        starter.shutdown();
        waiting.forEach(ChildProcess::close);
        try {
            starter.awaitTermination(JvmSandbox.STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
