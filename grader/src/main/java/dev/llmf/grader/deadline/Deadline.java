package dev.llmf.grader.deadline;

import dev.llmf.grader.model.CourseExercise;
import dev.llmf.grader.model.Extension;

import java.time.Instant;

/**
 * When one learner may submit to one exercise: from {@code opensAt}; on time until {@code dueAt}; late until
 * {@code closesAt} (the cut-off, or the due date when there is none); then not at all. An extension replaces the
 * exercise's due date and cut-off for its learner. Null dates: always open, never due, never closed.
 */
public record Deadline(Instant opensAt, Instant dueAt, Instant closesAt, boolean extended) {

    public static Deadline of(CourseExercise e, Extension extension) {
        if (extension != null) {
            return new Deadline(e.opensAt, extension.dueAt,
                    extension.closesAt != null ? extension.closesAt : extension.dueAt, true);
        }
        return new Deadline(e.opensAt, e.dueAt, e.closesAt != null ? e.closesAt : e.dueAt, false);
    }

    public boolean opened(Instant now) {
        return opensAt == null || !now.isBefore(opensAt);
    }

    /** Past the cut-off: no more submissions, and tests shown "after the deadline" may be shown. */
    public boolean closed(Instant now) {
        return closesAt != null && now.isAfter(closesAt);
    }

    /** A submission made at {@code at} is late. */
    public boolean late(Instant at) {
        return dueAt != null && at.isAfter(dueAt);
    }

    /** Whether late submissions are accepted at all (a cut-off after the due date). */
    public boolean acceptsLate() {
        return dueAt != null && closesAt != null && closesAt.isAfter(dueAt);
    }
}
