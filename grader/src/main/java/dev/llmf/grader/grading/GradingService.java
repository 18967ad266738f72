package dev.llmf.grader.grading;

import dev.llmf.grader.GraderConfig;
import dev.llmf.grader.model.CourseExercise;
import dev.llmf.grader.model.Submission;
import dev.llmf.grader.model.SubmissionFile;
import dev.llmf.grader.sandbox.Limits;
import dev.llmf.grader.sandbox.Sandbox;
import dev.llmf.grader.sandbox.SandboxSession;
import dev.llmf.grader.sandbox.SandboxUnavailableException;
import dev.llmf.grader.suites.Grading;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Grades one submission: compiles it against the contract, starts the learner's code in the sandbox, and runs
 * the exercise's hidden suite against it in this (trusted) JVM. Holds no database transaction while grading.
 */
@ApplicationScoped
public class GradingService {

    private static final Logger LOG = Logger.getLogger(GradingService.class);

    @Inject
    Sandbox sandbox;

    @Inject
    GraderConfig config;

    private final SubmissionCompiler compiler = new SubmissionCompiler();
    private final SuiteRunner runner = new SuiteRunner();

    record Work(Exercise exercise, long seed, Map<String, String> sources) {
    }

    public GradeReport grade(long submissionId) {
        Work work = QuarkusTransaction.requiringNew().call(() -> load(submissionId));
        int possible = SuiteRunner.pointsPossible(work.exercise());
        Path workDir = null;
        try {
            workDir = Files.createTempDirectory("llmf-submission-" + submissionId + "-");
            Path classes = Files.createDirectories(workDir.resolve("classes"));
            SubmissionCompiler.Result compiled = compiler.compile(work.sources(), classes);
            if (!compiled.success()) {
                return GradeReport.compileFailure(compiled.errorsAsText(), possible);
            }
            try (SandboxSession session = sandbox.open(classes, limits())) {
                return new GradeReport(null, runner.run(new Grading(work.exercise(), session, work.seed())), possible, null);
            }
        } catch (SandboxUnavailableException e) {
            LOG.errorf("submission %d: sandbox unavailable: %s", submissionId, e.getMessage());
            return GradeReport.graderFailure("the grader cannot run code safely right now (" + e.getMessage()
                    + "); your submission was not graded", possible);
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "submission %d: grading failed", submissionId);
            return GradeReport.graderFailure("the grader failed while grading this submission; it has been logged", possible);
        } finally {
            deleteQuietly(workDir);
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

    private Limits limits() {
        GraderConfig.Sandbox s = config.sandbox();
        return new Limits(s.callTimeout(), s.heapMegabytes(), s.memoryMegabytes(), s.maxProcesses(), s.outputBytes());
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("could not delete %s: %s", dir, e.getMessage());
        }
    }
}
