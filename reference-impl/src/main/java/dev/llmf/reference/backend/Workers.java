package dev.llmf.reference.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;

/**
 * How the CPU code spreads independent tasks over the calling thread and helper threads: {@link LoopHelpers}, or the
 * common fork-join pool's workers while those are busy. There are as many helpers as the pool has workers, so
 * {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=0} keeps everything on the calling thread.
 */
final class Workers {

    /**
     * Threads besides the caller: the common pool's parallelism, 0 when it is set to 0 (the pool then reports 1 but
     * starts no worker, so the caller ran every task).
     */
    static final int HELPERS = Integer.getInteger("java.util.concurrent.ForkJoinPool.common.parallelism", -1) == 0
            ? 0 : ForkJoinPool.getCommonPoolParallelism();

    private Workers() {
    }

    /** Threads that can work at once: the caller and the helpers. */
    static int threads() {
        return HELPERS + 1;
    }

    /**
     * Runs {@code task} for {@code 0 .. count-1}: in parallel when {@code parallel}, else as a plain loop on this
     * thread. In parallel, this thread and the helpers each claim the next index until none is left, so the work
     * stays balanced to one task even when a helper starts late or is busy elsewhere (a parallel stream cuts the
     * range into a few fixed pieces up front). Callers number their tasks largest first where sizes
     * differ, so the last ones claimed are the small ones.
     */
    static void forEach(int count, boolean parallel, IntConsumer task) {
        int helpers = parallel ? Math.min(HELPERS, count - 1) : 0;
        if (helpers <= 0) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        LoopHelpers.Loop loop = new LoopHelpers.Loop(count, task);
        if (LoopHelpers.run(loop)) {
            return;
        }
        Runnable claim = loop::claim;                   // the helpers are busy: the common pool's workers help
        List<ForkJoinTask<?>> forked = new ArrayList<>(helpers);
        for (int h = 0; h < helpers; h++) {
            forked.add(ForkJoinTask.adapt(claim).fork());
        }
        claim.run();
        forked.forEach(ForkJoinTask::join);
    }
}
