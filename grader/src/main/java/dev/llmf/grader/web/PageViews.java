package dev.llmf.grader.web;

import dev.llmf.grader.api.Views;

import java.util.List;

/**
 * What the templates show, already formatted: records so each page's data is easy to read in one place. Every
 * string here is plain text; the templates escape it.
 */
public final class PageViews {

    private PageViews() {
    }

    /**
     * Who is looking at the page, for the header; {@code csrf} goes into every form the page posts, {@code instructor}
     * adds the dashboard to the header.
     */
    public record Viewer(String username, String displayName, String csrf, boolean instructor) {
    }

    /** One exercise on the home page. {@code status} is a CSS-friendly token, {@code statusLabel} its words. */
    public record ExerciseRow(int number, String id, String title, String status, String statusLabel, String best,
                              int attempts, String due, String dueIso) {
    }

    /** The exercise a page is about. */
    public record ExerciseHeader(String id, int number, String title, boolean open, String opens, String due,
                                 String dueIso) {
    }

    /** One earlier attempt at an exercise; {@code number} counts from 1 = the first attempt. */
    public record AttemptRow(long id, int number, String status, String statusLabel, String submitted,
                             String submittedIso, String score) {
    }

    /** One compiler error, located in the learner's file; {@code file} is empty when javac named none. */
    public record CompileError(String file, String line, String message) {
    }

    /**
     * The feedback on one submission, with the visibility rules of {@link Views.SubmissionView} already applied;
     * {@code figure} is the heading of its exercise's figure, null if it has none.
     */
    public record Feedback(long id, String exerciseId, String exerciseTitle, String learner, String status,
                           String statusLabel, boolean done, String submitted, String submittedIso, String score,
                           String error, List<CompileError> compileErrors, List<Views.TestView> tests,
                           Views.HiddenTests hidden, String figure) {
    }
}
