package dev.llmf.grader.grading;

import dev.llmf.grader.suites.Visibility;

/** One hidden test's result, as stored and shown. */
public record TestOutcome(String key, String displayName, boolean passed, int pointsEarned, int pointsPossible,
                          Visibility visibility, String message, long durationMillis) {
}
