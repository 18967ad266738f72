package dev.llmf.grader.grading;

import dev.llmf.grader.model.CourseExercise;
import dev.llmf.grader.model.Submission;
import dev.llmf.grader.model.SubmissionFile;
import dev.llmf.grader.sandbox.SandboxUnavailableException;
import dev.llmf.grader.suites.Grading;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Grades one submission: compiles it against the contract, starts the learner's code in the sandbox, and runs
 * the exercise's hidden suite against it in this (trusted) JVM. Holds no database transaction while grading.
 */
@ApplicationScoped
public class GradingService {

    private static final Logger LOG = Logger.getLogger(GradingService.class);

    @Inject
    LearnerCode learnerCode;

    private final SuiteRunner runner = new SuiteRunner();

    record Work(Exercise exercise, long seed, Map<String, String> sources) {
    }

    public GradeReport grade(long submissionId) {
        Work work = QuarkusTransaction.requiringNew().call(() -> load(submissionId));
        return grade("submission " + submissionId, work.exercise(), work.seed(), work.sources());
    }

    /**
     * Grades {@code sources} as a submission for {@code exercise} with the random cases of {@code seed}, outside
     * the database; {@code what} names it in the log and its temporary folder (e.g. {@code submission 42}).
     */
    public GradeReport grade(String what, Exercise exercise, long seed, Map<String, String> sources) {
        int possible = SuiteRunner.pointsPossible(exercise);
        try {
            LearnerCode.Run<List<TestOutcome>> run = learnerCode.run(what.replace(' ', '-'), sources,
                    session -> runner.run(new Grading(exercise, session, seed)));
            return switch (run) {
                case LearnerCode.Run.CompileFailed<List<TestOutcome>> f -> GradeReport.compileFailure(f.errors(), possible);
                case LearnerCode.Run.Ran<List<TestOutcome>> r -> new GradeReport(null, r.value(), possible, null);
            };
        } catch (SandboxUnavailableException e) {
            LOG.errorf("%s: sandbox unavailable: %s", what, e.getMessage());
            return GradeReport.graderFailure("the grader cannot run code safely right now (" + e.getMessage()
                    + "); your submission was not graded", possible);
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "%s: grading failed", what);
            return GradeReport.graderFailure("the grader failed while grading this submission; it has been logged", possible);
        }
    }

    private Work load(long submissionId) {
        Submission s = Submission.findById(submissionId);
        CourseExercise ce = CourseExercise.findById(s.exerciseId);
        Exercise exercise = Exercise.byId(ce.slug).orElseThrow(() ->
                new IllegalStateException("exercise " + ce.slug + " has no hidden suite"));
        Map<String, String> sources = new LinkedHashMap<>();
        for (SubmissionFile f : SubmissionFile.of(submissionId)) {
            sources.put(f.path, f.content);
        }
        return new Work(exercise, s.seed, sources);
    }
}
