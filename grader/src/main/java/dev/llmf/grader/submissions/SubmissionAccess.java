package dev.llmf.grader.submissions;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.CourseExercise;
import dev.llmf.grader.model.Membership;
import dev.llmf.grader.model.Submission;

/**
 * Who may open a submission: its learner, while still a member of its course, and the staff of that course. The
 * submission's own course decides, whatever course the request is about. Call inside a transaction.
 */
public final class SubmissionAccess {

    /** A submission opened by {@code viewer}: its exercise, its learner, and whether the viewer is staff of its course. */
    public record Opened(Submission submission, CourseExercise exercise, Account owner, boolean staff) {
    }

    private SubmissionAccess() {
    }

    /** The submission as {@code viewer} may open it: 404 when there is none, 403 when it is not theirs to see. */
    public static Opened open(long submissionId, Account viewer) {
        Submission s = Submission.findById(submissionId);
        if (s == null) {
            throw ApiException.notFound("no submission " + submissionId);
        }
        CourseExercise exercise = CourseExercise.findById(s.exerciseId);
        Account owner = Account.findById(s.accountId);
        boolean staff = staffOf(viewer, exercise.courseId);
        boolean own = owner.id.equals(viewer.id)
                && Membership.find(viewer.id, exercise.courseId).filter(m -> !m.disabled()).isPresent();
        if (!staff && !own) {
            throw ApiException.forbidden("submission " + submissionId + " is not yours");
        }
        return new Opened(s, exercise, owner, staff);
    }

    /** Whether {@code viewer} is an assistant or instructor of the course, and not disabled there. */
    public static boolean staffOf(Account viewer, long courseId) {
        return Membership.find(viewer.id, courseId).filter(m -> !m.disabled() && m.role.isStaff()).isPresent();
    }
}
