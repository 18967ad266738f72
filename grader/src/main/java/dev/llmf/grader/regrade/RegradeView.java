package dev.llmf.grader.regrade;

import java.time.Instant;

/**
 * A regrade as the API and the pages show it: how many of its {@code total} submissions are {@code done}, how many
 * of those got a different score ({@code changed}) and how many kept their previous result because the grader
 * failed ({@code kept}).
 */
public record RegradeView(long id, String exercise, String exerciseTitle, String requestedBy, Instant requestedAt,
                          int total, int done, int changed, int kept, boolean finished, Instant finishedAt) {
}
