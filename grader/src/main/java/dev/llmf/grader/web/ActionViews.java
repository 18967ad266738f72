package dev.llmf.grader.web;

import dev.llmf.grader.regrade.RegradeView;

/** What the instructor's action pages show, already formatted (plain text; the templates escape it). */
public final class ActionViews {

    private ActionViews() {
    }

    /**
     * One exercise on the schedule form. {@code opens}, {@code due} and {@code closes} are what the date-time inputs hold
     * ({@code 2026-12-01T09:00}, UTC; empty for none), as stored or as the instructor typed them.
     */
    public record ScheduleRow(String id, int number, String title, String opens, String due, String closes,
                              String error) {
    }

    /** The late-penalty form: the policy's name and its two numbers as the inputs hold them. */
    public record LateForm(String policy, String percentPerDay, String factor, String description) {
    }

    /** One learner's extension on the extensions page. */
    public record ExtensionRow(String username, String exercise, String due, String dueIso, String closes,
                               String grantedBy, String granted) {
    }

    /** The extension form's fields, as typed (the date-time inputs' values). */
    public record ExtensionForm(String username, String exercise, String due, String closes) {
        static final ExtensionForm EMPTY = new ExtensionForm("", "", "", "");
    }

    /** An exercise the instructor can regrade. */
    public record ExerciseChoice(String id, int number, String title) {
    }

    /** A regrade and how far it has got. */
    public record RegradeRow(long id, String exercise, String exerciseTitle, String requestedBy, String requested,
                             String requestedIso, int total, int done, int changed, int kept, boolean finished,
                             String finishedAt) {

        static RegradeRow of(RegradeView r) {
            return new RegradeRow(r.id(), r.exercise(), r.exerciseTitle(), r.requestedBy(), Format.when(r.requestedAt()),
                    Format.iso(r.requestedAt()), r.total(), r.done(), r.changed(), r.kept(), r.finished(),
                    Format.when(r.finishedAt()));
        }
    }
}
