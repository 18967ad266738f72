package dev.llmf.grader.dashboard;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.api.Views;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.Membership;
import dev.llmf.grader.model.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One learner's whole history: per exercise, in course order, their standing and every attempt, newest first. */
@ApplicationScoped
public class LearnerHistoryQuery {

    /**
     * {@code number}: 1 for the learner's first attempt at the exercise. {@code score} is null until graded;
     * {@code late} and {@code penaltyPercent} as decided when it was made.
     */
    public record Attempt(long submissionId, int number, String status, Instant submittedAt, Views.Score score,
                          boolean late, double penaltyPercent) {
    }

    /** An instructor's override of the grade, kept beside the computed best. */
    public record Override(double percent, String reason, String setBy, Instant setAt) {
    }

    /**
     * {@code gradedAttempts} and {@code best} (with its late mark) as on the learner's own progress page;
     * {@code override} null when there is none.
     */
    public record ExerciseHistory(String exercise, int number, String title, String status, int gradedAttempts,
                                  Views.Score best, boolean bestLate, double bestPenaltyPercent, Override override,
                                  List<Attempt> attempts) {
    }

    public record LearnerHistory(String username, String displayName, List<ExerciseHistory> exercises) {
    }

    // Every exercise of the course, left-joined to the learner's progress and submissions (served by the index
    // submission_history on account, exercise, time).
    private static final String SQL = """
            SELECT e.slug, e.position, e.title, %s AS status, p.attempts, p.best_earned, p.best_possible,
                   s.id, s.status, s.submitted_at, s.points_earned, s.points_possible,
                   row_number() OVER (PARTITION BY e.id ORDER BY s.submitted_at, s.id) AS attempt,
                   s.late, s.penalty_percent, coalesce(p.best_late, false), coalesce(p.best_penalty_percent, 0),
                   p.override_percent, p.override_reason, o.username, p.override_at
            FROM exercise e
            LEFT JOIN progress p ON p.exercise_id = e.id AND p.account_id = :learner
            LEFT JOIN account o ON o.id = p.override_by
            LEFT JOIN submission s ON s.exercise_id = e.id AND s.account_id = :learner
            WHERE e.course_id = :course
            ORDER BY e.position, s.submitted_at DESC, s.id DESC""";

    @Inject
    EntityManager em;

    /** A learner of {@code courseId}; anybody else (another course's, an instructor) is a 404. */
    @Transactional
    public LearnerHistory run(long courseId, String username) {
        Account learner = Account.byUsername(username)
                .filter(a -> Membership.find(a.id, courseId).filter(m -> m.role == Role.LEARNER).isPresent())
                .orElseThrow(() -> ApiException.notFound("no learner '" + username + "' in your course"));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(SQL.formatted(ProgressSql.STATUS))
                .setParameter("learner", learner.id).setParameter("course", courseId).getResultList();
        Map<String, ExerciseHistory> byExercise = new LinkedHashMap<>();
        for (Object[] r : rows) {
            ExerciseHistory h = byExercise.computeIfAbsent((String) r[0], slug -> new ExerciseHistory(slug,
                    Rows.intValue(r[1]), (String) r[2], (String) r[3], r[4] == null ? 0 : Rows.intValue(r[4]),
                    Rows.score(r[5], r[6]), (Boolean) r[15], Rows.decimal(r[16]), r[17] == null ? null
                    : new Override(Rows.decimal(r[17]), (String) r[18], (String) r[19], Rows.instant(r[20])),
                    new ArrayList<>()));
            if (r[7] != null) {
                h.attempts().add(new Attempt(Rows.longValue(r[7]), Rows.intValue(r[12]), (String) r[8],
                        Rows.instant(r[9]), Rows.score(r[10], r[11]), (Boolean) r[13], Rows.decimal(r[14])));
            }
        }
        return new LearnerHistory(learner.username, learner.displayName, List.copyOf(byExercise.values()));
    }
}
