package dev.llmf.grader.sandbox;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * How much time a session's learner code has left. Without it, code that loops forever costs a full call limit
 * per call (a method called six times: a minute). With it, all calls together get {@link Limits#sessionBudget()},
 * a call gets at most what is left, and a method that ran past the call limit once is skipped from then on; a
 * skipped call fails at once with a {@link LearnerFailure.Kind#TIMEOUT TIMEOUT} verdict that says why.
 * A session without a budget ({@code null}) gives every call the full limit, as before.
 */
final class CallBudget {

    private final Duration callTimeout;
    private final Duration total;
    private final Set<String> timedOut = new HashSet<>();
    private long spentNanos;

    CallBudget(Limits limits) {
        this.callTimeout = limits.callTimeout();
        this.total = limits.sessionBudget();
    }

    /**
     * Fails if {@code method} may not be called any more.
     *
     * @param method a key for the method (contract, name and parameter types)
     * @param name   the method as the learner knows it, for the message
     * @throws LearnerFailure a TIMEOUT verdict: the budget is spent, or this method ran past the limit before
     */
    void allow(String method, String name) {
        if (total == null) {
            return;
        }
        if (timedOut.contains(method)) {
            throw new LearnerFailure(LearnerFailure.Kind.TIMEOUT, "skipped: an earlier call to " + name
                    + " did not finish within " + ChildProcess.seconds(callTimeout) + ", so the grader does not call"
                    + " it again for this submission (is there an infinite loop?)");
        }
        if (remainingNanos() <= 0) {
            throw new LearnerFailure(LearnerFailure.Kind.TIMEOUT, "skipped: your code used up this submission's time"
                    + " budget (" + budgetText() + ") before this call: is there an infinite loop?");
        }
    }

    /** How long the next call may run: the call limit, or what is left of the budget if that is less. */
    Duration nextTimeout() {
        if (total == null) {
            return callTimeout;
        }
        Duration left = Duration.ofNanos(Math.max(1, remainingNanos()));
        return left.compareTo(callTimeout) < 0 ? left : callTimeout;
    }

    /**
     * Books a finished call. For one that ran out of time, returns the verdict to report: the child's own (the call
     * limit) or, when the budget cut the call short, one that says so.
     */
    LearnerFailure spent(String method, long nanos, Duration timeout, LearnerFailure failure) {
        spentNanos += nanos;
        if (total == null || failure == null || failure.kind() != LearnerFailure.Kind.TIMEOUT) {
            return failure;
        }
        timedOut.add(method);
        return timeout.compareTo(callTimeout) < 0
                ? new LearnerFailure(LearnerFailure.Kind.TIMEOUT, "your code did not finish before this submission's"
                        + " time budget ran out (" + budgetText() + "): is there an infinite loop?")
                : failure;
    }

    private long remainingNanos() {
        return total.toNanos() - spentNanos;
    }

    private String budgetText() {
        return ChildProcess.seconds(total) + " for all calls together";
    }
}
