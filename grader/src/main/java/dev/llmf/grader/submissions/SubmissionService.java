package dev.llmf.grader.submissions;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.api.Views;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.CourseExercise;
import dev.llmf.grader.model.Progress;
import dev.llmf.grader.model.Submission;
import dev.llmf.grader.model.SubmissionFile;
import dev.llmf.grader.model.SubmissionStatus;
import dev.llmf.grader.model.TestResult;
import dev.llmf.grader.suites.Visibility;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Creating submissions, and showing them and a learner's progress with the visibility rules applied. */
@ApplicationScoped
public class SubmissionService {

    private static final SecureRandom SEEDS = new SecureRandom();

    /** Stores the submission and its files as QUEUED, in one transaction: once this returns, it cannot be lost. */
    @Transactional
    public long create(Account learner, String exerciseSlug, Map<String, String> sources) {
        CourseExercise exercise = CourseExercise.find(learner.courseId, exerciseSlug)
                .orElseThrow(() -> ApiException.notFound("no exercise '" + exerciseSlug + "' in your course; GET /api/exercises lists them"));
        if (!exercise.isOpen(Instant.now())) {
            throw ApiException.forbidden("exercise '" + exerciseSlug + "' opens at " + exercise.opensAt);
        }
        Submission s = new Submission();
        s.accountId = learner.id;
        s.exerciseId = exercise.id;
        s.seed = SEEDS.nextLong();
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

    /** A submission as {@code viewer} may see it: learners only their own, instructors their course's. */
    @Transactional
    public Views.SubmissionView view(long submissionId, Account viewer) {
        Submission s = Submission.findById(submissionId);
        if (s == null) {
            throw ApiException.notFound("no submission " + submissionId);
        }
        Account owner = Account.findById(s.accountId);
        boolean allowed = viewer.isInstructor() ? owner.courseId.equals(viewer.courseId) : owner.id.equals(viewer.id);
        if (!allowed) {
            throw ApiException.forbidden("submission " + submissionId + " is not yours");
        }
        CourseExercise exercise = CourseExercise.findById(s.exerciseId);
        boolean afterDeadline = exercise.isPastDue(Instant.now());
        List<Views.TestView> shown = new ArrayList<>();
        int hiddenCount = 0;
        int hiddenPassed = 0;
        for (TestResult r : TestResult.of(s.id)) {
            boolean visible = viewer.isInstructor() || r.visibility == Visibility.VISIBLE
                    || (r.visibility == Visibility.AFTER_DEADLINE && afterDeadline);
            if (visible) {
                shown.add(new Views.TestView(r.displayName, r.passed, r.pointsEarned, r.pointsPossible, r.message,
                        r.output));
            } else {
                hiddenCount++;
                hiddenPassed += r.passed ? 1 : 0;
            }
        }
        Views.HiddenTests hidden = hiddenCount == 0 ? null : new Views.HiddenTests(hiddenCount, hiddenPassed,
                "these tests count toward your score; their details are shown after the due date, or never");
        boolean done = s.status == SubmissionStatus.GRADED || s.status == SubmissionStatus.ERROR;
        return new Views.SubmissionView(s.id, exercise.slug, owner.username, s.status.name(), s.submittedAt,
                s.finishedAt, done ? Views.Score.of(s.pointsEarned, s.pointsPossible) : null, s.compileErrors,
                s.errorMessage, shown, hidden);
    }

    /** The learner's attempts at one exercise, newest first. */
    @Transactional
    public List<Views.AttemptView> history(Account learner, String exerciseSlug) {
        CourseExercise exercise = CourseExercise.find(learner.courseId, exerciseSlug)
                .orElseThrow(() -> ApiException.notFound("no exercise '" + exerciseSlug + "' in your course"));
        return Submission.history(learner.id, exercise.id).stream()
                .map(s -> new Views.AttemptView(s.id, s.status.name(), s.submittedAt, s.finishedAt,
                        Views.Score.of(s.pointsEarned, s.pointsPossible)))
                .toList();
    }

    /** Every exercise of the learner's course, in order, with status, best and latest score, and attempts. */
    @Transactional
    public List<Views.ProgressView> progress(Account learner) {
        Map<Long, Progress> byExercise = new java.util.HashMap<>();
        for (Progress p : Progress.ofAccount(learner.id)) {
            byExercise.put(p.key.exerciseId(), p);
        }
        List<Views.ProgressView> out = new ArrayList<>();
        for (CourseExercise e : CourseExercise.ofCourse(learner.courseId)) {
            Progress p = byExercise.get(e.id);
            if (p == null) {
                out.add(new Views.ProgressView(e.slug, e.position, e.title, "NOT_STARTED", 0, null, null, null, e.dueAt));
                continue;
            }
            boolean passed = p.bestEarned != null && p.bestEarned.equals(p.bestPossible);
            out.add(new Views.ProgressView(e.slug, e.position, e.title, passed ? "PASSED" : "IN_PROGRESS", p.attempts,
                    Views.Score.of(p.bestEarned, p.bestPossible), Views.Score.of(p.latestEarned, p.latestPossible),
                    p.latestSubmissionId, e.dueAt));
        }
        return out;
    }
}
