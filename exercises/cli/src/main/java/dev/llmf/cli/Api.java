package dev.llmf.cli;

import java.util.List;

/** The grader's JSON, as far as llmf reads it (unknown fields are ignored, so the server may add more). */
public final class Api {

    private Api() {
    }

    public record TokenRequest(String username, String password, String label) {
    }

    public record TokenCreated(String token, String username, String role) {
    }

    public record SubmissionCreated(long id, String status, String location) {
    }

    public record Score(int earned, int possible, double percent) {
        public boolean full() {
            return possible > 0 && earned == possible;
        }

        /** e.g. {@code 7/10 (70%)} or {@code 2/3 (66.7%)}. */
        public String text() {
            double pct = percent;
            String p = pct == Math.rint(pct) ? String.valueOf((long) pct) : String.valueOf(pct);
            return earned + "/" + possible + " (" + p + "%)";
        }
    }

    public record TestView(String name, boolean passed, int points, int possible, String message) {
    }

    public record HiddenTests(int count, int passed, String note) {
    }

    public record SubmissionView(long id, String exercise, String learner, String status, String submittedAt,
                                 String finishedAt, Score score, String compileErrors, String error,
                                 List<TestView> tests, HiddenTests hidden) {
        public boolean done() {
            return "GRADED".equals(status) || "ERROR".equals(status);
        }
    }

    public record ProgressView(String exercise, int number, String title, String status, int attempts, Score best,
                               Score latest, Long latestSubmissionId, String dueAt) {
    }

    public record ExerciseView(String id, int number, String title, String opensAt, String dueAt, boolean open) {
    }

    /** RFC 9457 problem details. */
    public record Problem(String type, String title, Integer status, String detail) {
    }
}
