package dev.llmf.grader.submissions;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.api.Views;
import dev.llmf.grader.course.Member;
import dev.llmf.grader.deadline.Deadline;
import dev.llmf.grader.deadline.Deadlines;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.CourseExercise;
import dev.llmf.grader.model.Progress;
import dev.llmf.grader.model.Submission;
import dev.llmf.grader.model.SubmissionFile;
import dev.llmf.grader.model.SubmissionStatus;
import dev.llmf.grader.model.TestResult;
import dev.llmf.grader.suites.Visibility;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Creating submissions under the learner's deadline, and showing them and a learner's progress with the
 * visibility rules applied.
 */
@ApplicationScoped
public class SubmissionService {

    private static final SecureRandom SEEDS = new SecureRandom();

    @Inject
    Deadlines deadlines;

    /**
     * Stores the submission and its files as QUEUED, in one transaction: once this returns, it cannot be lost. A
     * learner's submission after their due date is marked late with the course's penalty; after their cut-off it
     * is refused (403). Staff may always submit (their work is not graded into the class).
     */
    @Transactional
    public long create(Member learner, String exerciseSlug, Map<String, String> sources) {
        CourseExercise exercise = CourseExercise.find(learner.courseId(), exerciseSlug)
                .orElseThrow(() -> ApiException.notFound("no exercise '" + exerciseSlug + "' in your course; GET /api/exercises lists them"));
        Instant now = Instant.now();
        Deadline deadline = deadlines.of(learner.account().id, exercise);
        if (!deadline.opened(now)) {
            throw ApiException.forbidden("exercise '" + exerciseSlug + "' opens at " + exercise.opensAt);
        }
        Deadlines.Lateness lateness = Deadlines.Lateness.ON_TIME;
        if (!learner.staff()) {
            if (deadline.closed(now)) {
                throw new ApiException(403, "Submissions closed", "exercise '" + exerciseSlug + "' closed at "
                        + deadline.closesAt() + (deadline.acceptsLate() ? " (its cut-off for late submissions)"
                        : " (its due date)") + (deadline.extended() ? ", your extended deadline" : "")
                        + ": no more submissions are accepted; ask your instructor if you need an extension");
            }
            lateness = deadlines.lateness(deadline, exercise, now);
        }
        Submission s = new Submission();
        s.accountId = learner.account().id;
        s.exerciseId = exercise.id;
        s.seed = SEEDS.nextLong();
        s.submittedAt = now;
        s.late = lateness.late();
        s.penaltyPercent = lateness.penaltyPercent();
        s.persist();
        sources.forEach((path, content) -> {
            SubmissionFile f = new SubmissionFile();
            f.submissionId = s.id;
            f.path = path;
            f.content = content;
            f.persist();
        });
        return s.id;
    }

    /**
     * A submission as {@code viewer} may see it: their own, or any of a course where they are staff (the course of
     * the submission decides, not the one the request is about). Tests visible "after the deadline" are shown to
     * the learner only once they can no longer submit (their cut-off, extensions included); staff see everything.
     */
    @Transactional
    public Views.SubmissionView view(long submissionId, Account viewer) {
        SubmissionAccess.Opened opened = SubmissionAccess.open(submissionId, viewer);
        Submission s = opened.submission();
        Account owner = opened.owner();
        CourseExercise exercise = opened.exercise();
        boolean staff = opened.staff();
        Deadline deadline = deadlines.of(owner.id, exercise);
        boolean closed = deadline.closed(Instant.now());
        List<Views.TestView> shown = new ArrayList<>();
        int hiddenCount = 0;
        int hiddenPassed = 0;
        for (TestResult r : TestResult.of(s.id)) {
            boolean visible = staff || r.visibility == Visibility.VISIBLE
                    || (r.visibility == Visibility.AFTER_DEADLINE && closed);
            if (visible) {
                shown.add(new Views.TestView(r.displayName, r.passed, r.pointsEarned, r.pointsPossible, r.message,
                        r.output));
            } else {
                hiddenCount++;
                hiddenPassed += r.passed ? 1 : 0;
            }
        }
        Views.HiddenTests hidden = hiddenCount == 0 ? null : new Views.HiddenTests(hiddenCount, hiddenPassed,
                hiddenNote(deadline));
        boolean done = s.status == SubmissionStatus.GRADED || s.status == SubmissionStatus.ERROR;
        Views.Score score = done ? Views.Score.of(s.pointsEarned, s.pointsPossible) : null;
        return new Views.SubmissionView(s.id, exercise.slug, owner.username, s.status.name(), s.submittedAt,
                s.finishedAt, score, s.compileErrors, s.errorMessage, shown, hidden, s.late,
                s.penaltyPercent.doubleValue(), score == null ? null : score.finalPercent(s.penaltyPercent));
    }

    private static String hiddenNote(Deadline deadline) {
        String when = deadline.closesAt() == null ? "this exercise has no due date, so those are shown only to staff"
                : "once you can no longer submit (after " + deadline.closesAt() + ")";
        return "these tests count toward your score; those marked \"after the deadline\" are shown " + when
                + ", the others never";
    }

    /** The course's exercises as {@code member} sees them: a learner's with their own deadlines. */
    @Transactional
    public List<Views.ExerciseView> exercises(Member member) {
        Instant now = Instant.now();
        return CourseExercise.ofCourse(member.courseId()).stream().map(e -> exerciseView(member, e, now)).toList();
    }

    /** One exercise as {@code member} sees it; 404 when the course has none of that name. */
    @Transactional
    public Views.ExerciseView exercise(Member member, String slug) {
        CourseExercise e = CourseExercise.find(member.courseId(), slug)
                .orElseThrow(() -> ApiException.notFound("there is no exercise '" + slug + "' in your course"));
        return exerciseView(member, e, Instant.now());
    }

    /** Staff see the course's dates and may submit whenever the exercise is open; learners until their cut-off. */
    public Views.ExerciseView exerciseView(Member member, CourseExercise e, Instant now) {
        Deadline d = member.staff() ? Deadline.of(e, null) : deadlines.of(member.account().id, e);
        return new Views.ExerciseView(e.slug, e.position, e.title, e.opensAt, d.dueAt(), d.opened(now), d.closesAt(),
                d.extended(), d.opened(now) && (member.staff() || !d.closed(now)));
    }

    /** The learner's attempts at one exercise, newest first. */
    @Transactional
    public List<Views.AttemptView> history(Member learner, String exerciseSlug) {
        CourseExercise exercise = CourseExercise.find(learner.courseId(), exerciseSlug)
                .orElseThrow(() -> ApiException.notFound("no exercise '" + exerciseSlug + "' in your course"));
        return Submission.history(learner.account().id, exercise.id).stream().map(SubmissionService::attempt).toList();
    }

    static Views.AttemptView attempt(Submission s) {
        Views.Score score = Views.Score.of(s.pointsEarned, s.pointsPossible);
        return new Views.AttemptView(s.id, s.status.name(), s.submittedAt, s.finishedAt, score, s.late,
                s.penaltyPercent.doubleValue(), score == null ? null : score.finalPercent(s.penaltyPercent));
    }

    /** Every exercise of the learner's course, in order, with status, best and latest score, and attempts. */
    @Transactional
    public List<Views.ProgressView> progress(Member learner) {
        long accountId = learner.account().id;
        Map<Long, Progress> byExercise = new HashMap<>();
        for (Progress p : Progress.ofAccount(accountId)) {
            byExercise.put(p.key.exerciseId(), p);
        }
        List<Views.ProgressView> out = new ArrayList<>();
        for (CourseExercise e : CourseExercise.ofCourse(learner.courseId())) {
            Progress p = byExercise.get(e.id);
            Deadline d = deadlines.of(accountId, e);
            if (p == null || p.bestPossible == null) {
                out.add(new Views.ProgressView(e.slug, e.position, e.title, "NOT_STARTED", p == null ? 0 : p.attempts,
                        null, null, null, d.dueAt(), d.closesAt(), false, 0, null, null, null));
                continue;
            }
            boolean passed = p.bestEarned.equals(p.bestPossible);
            Views.Score best = Views.Score.of(p.bestEarned, p.bestPossible);
            Double override = p.overridePercent == null ? null : p.overridePercent.doubleValue();
            out.add(new Views.ProgressView(e.slug, e.position, e.title, passed ? "PASSED" : "IN_PROGRESS", p.attempts,
                    best, Views.Score.of(p.latestEarned, p.latestPossible), p.latestSubmissionId, d.dueAt(),
                    d.closesAt(), p.bestLate, p.bestPenaltyPercent.doubleValue(),
                    override != null ? override : best.finalPercent(p.bestPenaltyPercent), override, p.overrideReason));
        }
        return out;
    }
}
