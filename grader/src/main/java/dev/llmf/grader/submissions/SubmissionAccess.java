package dev.llmf.grader.submissions;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.Membership;

/**
 * Who may open a submission: its learner, while still a member of its course, and the staff of that course. Call
 * inside a transaction.
 */
public final class SubmissionAccess {

    private SubmissionAccess() {
    }

    /** Whether {@code viewer} is an assistant or instructor of the course, and not disabled there. */
    public static boolean staffOf(Account viewer, long courseId) {
        return Membership.find(viewer.id, courseId).filter(m -> !m.disabled() && m.role.isStaff()).isPresent();
    }

    /** 403 unless {@code viewer} may open the submission. */
    public static void check(long submissionId, Account viewer, Account owner, long courseId, boolean staff) {
        if (staff) {
            return;
        }
        boolean own = owner.id.equals(viewer.id)
                && Membership.find(viewer.id, courseId).filter(m -> !m.disabled()).isPresent();
        if (!own) {
            throw ApiException.forbidden("submission " + submissionId + " is not yours");
        }
    }
}
