package dev.llmf.grader.schedule;

import dev.llmf.grader.api.ApiException;
import dev.llmf.grader.api.Views;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.CourseExercise;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Map;

/** Instructors set when each exercise opens and is due; the API and the schedule page share these rules. */
@ApplicationScoped
public class ScheduleService {

    /** What is wrong with the dates, or null if they are fine (either may be missing). */
    public static String problem(Instant opensAt, Instant dueAt) {
        if (opensAt != null && dueAt != null && !opensAt.isBefore(dueAt)) {
            return "the opening must be before the due date";
        }
        return null;
    }

    /** Sets one exercise's dates; 404 if the course has no such exercise, 400 if the dates are out of order. */
    @Transactional
    public CourseExercise set(Account instructor, String exerciseSlug, Views.Schedule schedule) {
        return setAll(instructor, Map.of(exerciseSlug, schedule)).get(exerciseSlug);
    }

    /** Sets several exercises' dates at once: all of them, or (on a 404 or 400) none. */
    @Transactional
    public Map<String, CourseExercise> setAll(Account instructor, Map<String, Views.Schedule> schedules) {
        Map<String, CourseExercise> out = new java.util.LinkedHashMap<>();
        schedules.forEach((slug, schedule) -> {
            CourseExercise e = CourseExercise.find(instructor.courseId, slug)
                    .orElseThrow(() -> ApiException.notFound("no exercise '" + slug + "' in your course"));
            String problem = problem(schedule.opensAt(), schedule.dueAt());
            if (problem != null) {
                throw ApiException.badRequest(slug + ": " + problem);
            }
            e.opensAt = schedule.opensAt();
            e.dueAt = schedule.dueAt();
            out.put(slug, e);
        });
        return out;
    }
}
