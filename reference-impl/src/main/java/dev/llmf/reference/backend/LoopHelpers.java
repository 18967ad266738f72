package dev.llmf.reference.backend;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Threads of their own for {@link Workers#forEach}'s parallel loops, {@link Workers#HELPERS} of them. After a loop
 * a helper keeps looking for the next one for {@link #SPIN_NANOS} before it sleeps: the products of a model pass come
 * one after another, and waking a sleeping thread (a fork-join worker, too) costs tens of microseconds on a virtual
 * machine, a tenth of a 256³ product. One loop at a time: a loop started while they are busy (a nested one, or
 * another thread's) is not theirs ({@link #run} returns false).
 */
final class LoopHelpers {

    private static final long SPIN_NANOS = 100_000;
    private static final AtomicBoolean TAKEN = new AtomicBoolean();
    private static final AtomicLong SERIALS = new AtomicLong();
    private static volatile Loop posted;
    private static Helper[] helpers;

    private LoopHelpers() {
    }

    /** One parallel loop: indexes are claimed one at a time by whoever is free. */
    static final class Loop {
        private final int count;
        private final IntConsumer task;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger active = new AtomicInteger();     // helpers inside claim()
        private final long serial = SERIALS.incrementAndGet();          // a helper remembers this, not the loop
        private volatile Throwable failure;

        Loop(int count, IntConsumer task) {
            this.count = count;
            this.task = task;
        }

        /** Runs tasks until none is left. */
        void claim() {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                task.accept(i);
            }
        }

        private void help() {
            active.incrementAndGet();      // before claiming: a helper that comes too late finds no index left
            try {
                claim();
            } catch (Throwable t) {
                failure = t;
                next.set(count);
            } finally {
                active.decrementAndGet();
            }
        }
    }

    /**
     * Runs {@code loop} on this thread and the helpers, and returns true when it is done; false, having run nothing,
     * when the helpers are busy.
     */
    static boolean run(Loop loop) {
        if (!TAKEN.compareAndSet(false, true)) {
            return false;
        }
        try {
            for (Helper helper : started()) {
                helper.wake(loop);
            }
            try {
                loop.claim();
            } finally {
                loop.next.set(loop.count);                      // if this thread failed, the helpers stop too
                for (int spins = 0; loop.active.get() != 0; spins++) {
                    if (spins < 1 << 12) {
                        Thread.onSpinWait();
                    } else {
                        Thread.yield();                         // a helper was descheduled in its last task
                    }
                }
            }
        } finally {
            posted = null;
            TAKEN.set(false);
        }
        Throwable failure = loop.failure;
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        return true;
    }

    // Where no thread may be started (a sandbox's limit), there are none: the caller runs each loop alone.
    private static synchronized Helper[] started() {
        if (helpers == null) {
            Helper[] all = new Helper[Workers.HELPERS];
            try {
                for (int i = 0; i < all.length; i++) {
                    all[i] = new Helper();
                    Thread.ofPlatform().daemon().name("llmf-loop-helper-" + i).start(all[i]);
                }
            } catch (OutOfMemoryError | SecurityException | UnsupportedOperationException e) {
                all = new Helper[0];
            }
            helpers = all;
        }
        return helpers;
    }

    private static final class Helper implements Runnable {
        private volatile Thread thread;
        private volatile boolean sleeping;

        void wake(Loop loop) {
            posted = loop;
            if (sleeping) {                 // it checks for a loop after saying it sleeps: one of the two sees the other
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            long done = 0;
            long spinUntil = 0;
            while (true) {
                Loop loop = posted;
                if (loop != null && loop.serial != done) {
                    done = loop.serial;
                    loop.help();
                    spinUntil = System.nanoTime() + SPIN_NANOS;
                } else if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    sleeping = true;
                    loop = posted;
                    if (loop == null || loop.serial == done) {
                        LockSupport.park(this);
                    }
                    sleeping = false;
                }
            }
        }
    }
}
