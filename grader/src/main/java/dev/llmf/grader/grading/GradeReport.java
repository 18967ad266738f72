package dev.llmf.grader.grading;

import dev.llmf.grader.text.SafeText;

import java.util.List;

/**
 * The outcome of grading one submission: compile errors (then no tests ran), the per-test outcomes, or a grader
 * error that is not the learner's fault. Compile errors quote the learner's code and a grader error may quote what
 * the child JVM wrote, so both are made storable and displayable here ({@link SafeText}).
 */
public record GradeReport(String compileErrors, List<TestOutcome> tests, int pointsPossible, String graderError) {

    public GradeReport {
        compileErrors = SafeText.of(compileErrors);
        graderError = SafeText.of(graderError);
    }

    public int pointsEarned() {
        return tests.stream().mapToInt(TestOutcome::pointsEarned).sum();
    }

    public static GradeReport compileFailure(String errors, int pointsPossible) {
        return new GradeReport(errors, List.of(), pointsPossible, null);
    }

    public static GradeReport graderFailure(String why, int pointsPossible) {
        return new GradeReport(null, List.of(), pointsPossible, why);
    }
}
