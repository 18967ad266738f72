package dev.llmf.grader.review;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.api.Views;
import dev.llmf.grader.audit.AuditAction;
import dev.llmf.grader.audit.AuditLog;
import dev.llmf.grader.course.Member;
import dev.llmf.grader.deadline.LatePolicy;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.CourseExercise;
import dev.llmf.grader.model.Membership;
import dev.llmf.grader.model.Progress;
import dev.llmf.grader.model.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Locale;

/**
 * Score overrides: an instructor sets the grade that counts for one learner and exercise, with a reason. The
 * computed best stays as graded, beside it, with who set the override and when; regrades and new submissions
 * change the computed best, never the override. Only for an exercise the learner has a graded attempt at.
 */
@ApplicationScoped
public class Overrides {

    public static final int MAX_REASON = 1000;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** What the override replaces: the computed grade (best after its late penalty) is kept beside it. */
    public record OverrideView(String username, String exercise, double percent, String reason, String setBy,
                               Instant setAt, double computedPercent) {
    }

    public record Request(BigDecimal percent, String reason) {
    }

    @Inject
    AuditLog audit;

    @Transactional
    public OverrideView set(Member instructor, String username, String exercise, Request request) {
        if (request == null || request.percent() == null || request.percent().signum() < 0
                || request.percent().compareTo(HUNDRED) > 0) {
            throw ApiException.badRequest("send {\"percent\": 0 to 100, \"reason\": …}");
        }
        String reason = request.reason() == null ? "" : request.reason().strip();
        if (reason.isEmpty() || reason.length() > MAX_REASON) {
            throw ApiException.badRequest("an override needs a reason (1 to " + MAX_REASON + " characters)");
        }
        Target t = target(instructor, username, exercise);
        BigDecimal percent = request.percent().setScale(2, RoundingMode.HALF_UP);
        BigDecimal before = t.progress().overridePercent;
        t.progress().overridePercent = percent;
        t.progress().overrideReason = reason;
        t.progress().overrideBy = instructor.account().id;
        t.progress().overrideAt = Instant.now();
        audit.record(instructor, AuditAction.OVERRIDE_SET, t.learner().username, t.exercise().slug,
                t.progress().bestSubmissionId, (before == null ? "" : LatePolicy.plain(before) + "% → ")
                        + LatePolicy.plain(percent) + "% (computed " + plain(computed(t.progress())) + "%): " + reason);
        return view(t, instructor.account().username);
    }

    @Transactional
    public void clear(Member instructor, String username, String exercise) {
        Target t = target(instructor, username, exercise);
        if (t.progress().overridePercent == null) {
            throw ApiException.notFound(username + " has no override on '" + exercise + "'");
        }
        String was = LatePolicy.plain(t.progress().overridePercent);
        t.progress().overridePercent = null;
        t.progress().overrideReason = null;
        t.progress().overrideBy = null;
        t.progress().overrideAt = null;
        audit.record(instructor, AuditAction.OVERRIDE_REMOVED, t.learner().username, t.exercise().slug, null,
                "was " + was + "%; the computed " + plain(computed(t.progress())) + "% counts again");
    }

    /** The learner's override on the exercise, if any (for the pages). */
    @Transactional
    public java.util.Optional<OverrideView> of(long accountId, long exerciseId) {
        return Progress.of(accountId, exerciseId).filter(p -> p.overridePercent != null).map(p -> {
            Account by = p.overrideBy == null ? null : Account.findById(p.overrideBy);
            return new OverrideView(Account.<Account>findById(accountId).username,
                    CourseExercise.<CourseExercise>findById(exerciseId).slug, p.overridePercent.doubleValue(),
                    p.overrideReason, by == null ? "" : by.username, p.overrideAt, computed(p));
        });
    }

    private record Target(Account learner, CourseExercise exercise, Progress progress) {
    }

    private static Target target(Member instructor, String username, String slug) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        Account learner = Account.byUsername(name)
                .filter(a -> Membership.find(a.id, instructor.courseId()).filter(m -> m.role == Role.LEARNER).isPresent())
                .orElseThrow(() -> ApiException.notFound("no learner '" + username + "' in this course"));
        CourseExercise exercise = CourseExercise.find(instructor.courseId(), slug)
                .orElseThrow(() -> ApiException.notFound("no exercise '" + slug + "' in this course"));
        Progress progress = Progress.of(learner.id, exercise.id).filter(p -> p.bestPossible != null)
                .orElseThrow(() -> ApiException.conflict(learner.username + " has no graded attempt at '" + slug
                        + "' yet: there is no score to override"));
        return new Target(learner, exercise, progress);
    }

    private static OverrideView view(Target t, String setBy) {
        Progress p = t.progress();
        return new OverrideView(t.learner().username, t.exercise().slug, p.overridePercent.doubleValue(),
                p.overrideReason, setBy, p.overrideAt, computed(p));
    }

    private static String plain(double percent) {
        return LatePolicy.plain(BigDecimal.valueOf(percent));
    }

    /** The grade without the override: the best after its late penalty, to one decimal. */
    static double computed(Progress p) {
        return Views.Score.of(p.bestEarned, p.bestPossible).finalPercent(p.bestPenaltyPercent);
    }
}
