package dev.llmf.grader.grading;

import dev.llmf.grader.suites.Visibility;
import dev.llmf.grader.text.SafeText;

/**
 * One hidden test's result, as stored and shown. {@code message} (why it failed) and {@code output} (what the
 * learner's code printed during the test, capped; null when nothing) may carry the learner's own text, so they
 * are made storable and displayable here ({@link SafeText}), whoever builds the outcome.
 */
public record TestOutcome(String key, String displayName, boolean passed, int pointsEarned, int pointsPossible,
                          Visibility visibility, String message, long durationMillis, String output) {

    public TestOutcome {
        message = SafeText.of(message);
        output = output == null || output.isEmpty() ? null : SafeText.of(output);
    }

    /** An outcome without printed output. */
    public TestOutcome(String key, String displayName, boolean passed, int pointsEarned, int pointsPossible,
                       Visibility visibility, String message, long durationMillis) {
        this(key, displayName, passed, pointsEarned, pointsPossible, visibility, message, durationMillis, null);
    }
}
