package dev.llmf.grader.web;

import dev.llmf.grader.api.Views;
import dev.llmf.grader.course.CourseAccess;

import java.util.List;

/**
 * What the templates show, already formatted: records so each page's data is easy to read in one place. Every
 * string here is plain text; the templates escape it.
 */
public final class PageViews {

    private PageViews() {
    }

    /**
     * Who is looking at the page, for the header; {@code csrf} goes into every form the page posts, {@code staff}
     * adds the dashboard to the header, {@code instructor} the pages that change the course. {@code courses} lists
     * the viewer's courses for the switcher when there is more than one (else it is empty).
     */
    public record Viewer(String username, String displayName, String csrf, boolean staff, boolean instructor,
                         String courseTitle, String courseSlug, List<CourseAccess.Choice> courses) {
    }

    /**
     * One exercise on the home page. {@code status} is a CSS-friendly token, {@code statusLabel} its words;
     * {@code best} the best score with its late penalty, if any; {@code closes} the cut-off when it is after the due
     * date (else empty).
     */
    public record ExerciseRow(int number, String id, String title, String status, String statusLabel, String best,
                              int attempts, String due, String dueIso, String closes) {
    }

    /**
     * The exercise a page is about, with the viewer's own deadline: {@code accepting} whether they may submit now,
     * {@code closes} the cut-off when late submissions are accepted (else empty), {@code latePenalty} the course's
     * rule in words, {@code extended} when an extension set their dates.
     */
    public record ExerciseHeader(String id, int number, String title, boolean open, String opens, String due,
                                 String dueIso, String closes, String closesIso, boolean accepting, boolean extended,
                                 String latePenalty) {
    }

    /**
     * One earlier attempt at an exercise; {@code number} counts from 1 = the first attempt; {@code late} says
     * "late" and its penalty, or is empty.
     */
    public record AttemptRow(long id, int number, String status, String statusLabel, String submitted,
                             String submittedIso, String score, String late) {
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
                           Views.HiddenTests hidden, String figure, String late) {
    }
}
