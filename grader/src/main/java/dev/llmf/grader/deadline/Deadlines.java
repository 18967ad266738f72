package dev.llmf.grader.deadline;

import dev.llmf.grader.model.Course;
import dev.llmf.grader.model.CourseExercise;
import dev.llmf.grader.model.Extension;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/** A learner's deadline for an exercise (their extension, if any), and what being late at a moment costs. */
@ApplicationScoped
public class Deadlines {

    /** Whether a submission made now is late, and its penalty. */
    public record Lateness(boolean late, BigDecimal penaltyPercent) {
        public static final Lateness ON_TIME = new Lateness(false, BigDecimal.ZERO);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Deadline of(long accountId, CourseExercise exercise) {
        return Deadline.of(exercise, Extension.of(accountId, exercise.id).orElse(null));
    }

    /** A submission made at {@code at} against {@code deadline}, under the course's late policy. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Lateness lateness(Deadline deadline, CourseExercise exercise, Instant at) {
        if (!deadline.late(at)) {
            return Lateness.ON_TIME;
        }
        LatePolicy policy = LatePolicy.of(Course.findById(exercise.courseId));
        return new Lateness(true, policy.penaltyPercent(Duration.between(deadline.dueAt(), at)));
    }
}
