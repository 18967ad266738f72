package dev.llmf.grader.schedule;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.api.Views;
import dev.llmf.grader.audit.AuditAction;
import dev.llmf.grader.audit.AuditLog;
import dev.llmf.grader.course.Member;
import dev.llmf.grader.deadline.LatePolicy;
import dev.llmf.grader.model.Course;
import dev.llmf.grader.model.CourseExercise;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Instructors set when each exercise opens, is due and closes, and the course's late penalty; the API and the
 * schedule page share these rules. Every change is in the audit log.
 */
@ApplicationScoped
public class ScheduleService {

    @Inject
    AuditLog audit;

    /** What is wrong with the dates, or null if they are fine (any may be missing). */
    public static String problem(Instant opensAt, Instant dueAt, Instant closesAt) {
        if (opensAt != null && dueAt != null && !opensAt.isBefore(dueAt)) {
            return "the opening must be before the due date";
        }
        if (closesAt != null && dueAt == null) {
            return "a cut-off needs a due date (late means after the due date)";
        }
        if (closesAt != null && closesAt.isBefore(dueAt)) {
            return "the cut-off cannot be before the due date";
        }
        return null;
    }

    /** Sets one exercise's dates; 404 if the course has no such exercise, 400 if the dates are out of order. */
    @Transactional
    public CourseExercise set(Member instructor, String exerciseSlug, Views.Schedule schedule) {
        return setAll(instructor, Map.of(exerciseSlug, schedule)).get(exerciseSlug);
    }

    /** Sets several exercises' dates at once: all of them, or (on a 404 or 400) none. */
    @Transactional
    public Map<String, CourseExercise> setAll(Member instructor, Map<String, Views.Schedule> schedules) {
        Map<String, CourseExercise> out = new LinkedHashMap<>();
        schedules.forEach((slug, schedule) -> {
            CourseExercise e = CourseExercise.find(instructor.courseId(), slug)
                    .orElseThrow(() -> ApiException.notFound("no exercise '" + slug + "' in your course"));
            String problem = problem(schedule.opensAt(), schedule.dueAt(), schedule.closesAt());
            if (problem != null) {
                throw ApiException.badRequest(slug + ": " + problem);
            }
            boolean changed = !Objects.equals(e.opensAt, schedule.opensAt()) || !Objects.equals(e.dueAt, schedule.dueAt())
                    || !Objects.equals(e.closesAt, schedule.closesAt());
            e.opensAt = schedule.opensAt();
            e.dueAt = schedule.dueAt();
            e.closesAt = schedule.closesAt();
            if (changed) {
                audit.record(instructor, AuditAction.SCHEDULE_CHANGED, null, slug, null, "opens " + shown(e.opensAt)
                        + ", due " + shown(e.dueAt) + ", cut-off " + shown(e.closesAt));
            }
            out.put(slug, e);
        });
        return out;
    }

    /** The course's late penalty. */
    @Transactional
    public LatePolicy latePolicy(Member member) {
        return LatePolicy.of(Course.findById(member.courseId()));
    }

    /** Sets the course's late penalty; it applies to submissions made from now on (earlier ones keep theirs). */
    @Transactional
    public LatePolicy setLatePolicy(Member instructor, LatePolicy policy) {
        Course course = Course.findById(instructor.courseId());
        policy.applyTo(course);
        audit.record(instructor, AuditAction.LATE_POLICY_CHANGED, null, null, null, policy.describe());
        return policy;
    }

    private static String shown(Instant instant) {
        return instant == null ? "none" : instant.toString();
    }
}
