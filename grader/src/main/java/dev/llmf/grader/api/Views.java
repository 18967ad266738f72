package dev.llmf.grader.api;

import java.time.Instant;
import java.util.List;

/** The JSON the API returns; records so the shapes are easy to read in one place. */
public final class Views {

    private Views() {
    }

    public record TokenRequest(String username, String password, String label) {
    }

    public record TokenCreated(String token, String username, String role) {
    }

    public record NewLearner(String username, String displayName, String password) {
    }

    public record AccountView(long id, String username, String displayName, String role) {
    }

    public record Schedule(Instant opensAt, Instant dueAt) {
    }

    public record ExerciseView(String id, int number, String title, Instant opensAt, Instant dueAt, boolean open) {
    }

    public record SubmissionCreated(long id, String status, String location) {
    }

    public record Score(int earned, int possible, double percent) {
        public static Score of(Integer earned, Integer possible) {
            if (earned == null || possible == null) {
                return null;
            }
            return new Score(earned, possible, possible == 0 ? 0 : Math.round(1000.0 * earned / possible) / 10.0);
        }
    }

    /** One test as shown; {@code output} is what the learner's code printed during it (an excerpt), or null. */
    public record TestView(String name, boolean passed, int points, int possible, String message, String output) {
    }

    /** Tests the learner may not see yet: counted, not named. */
    public record HiddenTests(int count, int passed, String note) {
    }

    public record SubmissionView(long id, String exercise, String learner, String status, Instant submittedAt,
                                 Instant finishedAt, Score score, String compileErrors, String error,
                                 List<TestView> tests, HiddenTests hidden) {
    }

    /** One attempt in a learner's history of an exercise. */
    public record AttemptView(long id, String status, Instant submittedAt, Instant finishedAt, Score score) {
    }

    public record ProgressView(String exercise, int number, String title, String status, int attempts, Score best,
                               Score latest, Long latestSubmissionId, Instant dueAt) {
    }
}
