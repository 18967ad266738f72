package dev.llmf.grader.api;

import java.math.BigDecimal;
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

    /** An account as the caller sees it; {@code role} is its role in {@code course} (the request's course). */
    public record AccountView(long id, String username, String displayName, String role, String course) {
    }

    /** Setting a password through a one-time link (no sign-in needed: the link is the proof). */
    public record SetPassword(String token, String password) {
    }

    /** A signed-in account changing its own password. */
    public record PasswordChange(String currentPassword, String newPassword) {
    }

    /** An exercise's dates; {@code closesAt} is the cut-off for late submissions (null: it closes at {@code dueAt}). */
    public record Schedule(Instant opensAt, Instant dueAt, Instant closesAt) {
    }

    /**
     * An exercise as the caller sees it: for a learner, their own due date and cut-off ({@code extended} when an
     * extension set them); {@code closesAt} is when submissions stop (the cut-off, else the due date);
     * {@code acceptingSubmissions} whether the caller may submit now.
     */
    public record ExerciseView(String id, int number, String title, Instant opensAt, Instant dueAt, boolean open,
                               Instant closesAt, boolean extended, boolean acceptingSubmissions) {
    }

    /** The course's late penalty: {@code policy} NONE, PER_DAY ({@code percentPerDay}) or FACTOR ({@code factor}). */
    public record LatePolicyView(String policy, BigDecimal percentPerDay, BigDecimal factor, String description) {
    }

    public record SubmissionCreated(long id, String status, String location) {
    }

    /** One file of a submission as it was submitted. */
    public record FileContent(String path, String content) {
    }

    public record Score(int earned, int possible, double percent) {
        public static Score of(Integer earned, Integer possible) {
            if (earned == null || possible == null) {
                return null;
            }
            return new Score(earned, possible, possible == 0 ? 0 : Math.round(1000.0 * earned / possible) / 10.0);
        }

        /** The percentage after a late penalty of {@code penaltyPercent}, to one decimal. */
        public double finalPercent(BigDecimal penaltyPercent) {
            double full = possible == 0 ? 0 : 100.0 * earned / possible;
            return Math.round(10 * full * (100 - penaltyPercent.doubleValue()) / 100) / 10.0;
        }
    }

    /** One test as shown; {@code output} is what the learner's code printed during it (an excerpt), or null. */
    public record TestView(String name, boolean passed, int points, int possible, String message, String output) {
    }

    /** Tests the learner may not see yet: counted, not named. */
    public record HiddenTests(int count, int passed, String note) {
    }

    /**
     * A submission; {@code late} when made after the learner's due date, {@code penaltyPercent} what that costs,
     * {@code finalPercent} the score's percentage after it (null until graded).
     */
    public record SubmissionView(long id, String exercise, String learner, String status, Instant submittedAt,
                                 Instant finishedAt, Score score, String compileErrors, String error,
                                 List<TestView> tests, HiddenTests hidden, boolean late, double penaltyPercent,
                                 Double finalPercent) {
    }

    /** One attempt in a learner's history of an exercise; late marks as in {@link SubmissionView}. */
    public record AttemptView(long id, String status, Instant submittedAt, Instant finishedAt, Score score,
                              boolean late, double penaltyPercent, Double finalPercent) {
    }

    /**
     * A learner's standing on an exercise. {@code best} is the submission with the highest score after penalties
     * ({@code bestLate}, {@code bestPenaltyPercent}: its late mark); {@code grade} the percentage that counts: an
     * instructor's override ({@code overridePercent}, with its reason) when there is one, else the best after its
     * penalty; {@code dueAt}, {@code closesAt} the learner's own.
     */
    public record ProgressView(String exercise, int number, String title, String status, int attempts, Score best,
                               Score latest, Long latestSubmissionId, Instant dueAt, Instant closesAt,
                               boolean bestLate, double bestPenaltyPercent, Double grade, Double overridePercent,
                               String overrideReason) {
    }
}
