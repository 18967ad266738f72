package dev.llmf.grader.dashboard;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.course.Member;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The dashboard's read side for one instructor: reads a request's parameters (a 400 that says what to fix when
 * one is wrong) and runs the query on the instructor's own course. The pages and the JSON API both go through
 * here, so they always show the same numbers.
 */
@ApplicationScoped
public class Dashboard {

    @Inject
    ClassMatrixQuery matrix;

    @Inject
    ExerciseStatsQuery exerciseStats;

    @Inject
    ActivityQuery activity;

    @Inject
    LearnerHistoryQuery learnerHistory;

    @Inject
    FailingLearnersQuery failingLearners;

    @Inject
    AttentionQuery attention;

    public ClassMatrixQuery.Matrix matrix(Member staff, String q, String page, String sort, String exercise,
                                          String status) {
        return matrix.run(staff.courseId(), q, pageNumber(page),
                Choice.of(ClassMatrixQuery.Sort.class, "sort", sort, ClassMatrixQuery.Sort.USERNAME), exercise,
                Choice.of(ClassMatrixQuery.Status.class, "status", status, ClassMatrixQuery.Status.ANY));
    }

    public FailingLearnersQuery.FailingLearners failing(Member staff, String exercise, String test, String page) {
        return failingLearners.run(staff.courseId(), exercise, test, pageNumber(page));
    }

    public AttentionQuery.Attention attention(Member staff, String attempts, String days, String sort, String page) {
        return attention.run(staff.courseId(), whole("attempts", attempts, 5), whole("days", days, 7),
                Choice.of(AttentionQuery.Sort.class, "sort", sort, AttentionQuery.Sort.ACTIVITY), pageNumber(page));
    }

    public ExerciseStatsQuery.ExerciseStats exercise(Member staff, String exerciseId) {
        return exerciseStats.run(staff.courseId(), exerciseId);
    }

    public ActivityQuery.Activity activity(Member staff, String by, String exercise) {
        return activity.run(staff.courseId(), exercise,
                Choice.of(ActivityQuery.Interval.class, "by", by, ActivityQuery.Interval.DAY));
    }

    public LearnerHistoryQuery.LearnerHistory learner(Member staff, String username) {
        return learnerHistory.run(staff.courseId(), username);
    }

    /** A whole-number parameter: {@code otherwise} when absent; a 400 naming it when it is not a number. */
    static int whole(String name, String value, int otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " (" + value + ") must be a whole number");
        }
    }

    /** {@code ?page=}: absent means 1; anything but a positive whole number is a 400. */
    public static int pageNumber(String page) {
        if (page == null || page.isBlank()) {
            return 1;
        }
        try {
            int n = Integer.parseInt(page.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.badRequest("page (" + page + ") must be a whole number, 1 or more");
    }
}
