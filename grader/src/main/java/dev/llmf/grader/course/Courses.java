package dev.llmf.grader.course;

import dev.llmf.grader.grading.Exercise;
import dev.llmf.grader.model.Course;
import dev.llmf.grader.model.CourseExercise;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.regex.Pattern;

/** Making courses: each has every exercise the grader can grade, in course order, with no dates set yet. */
@ApplicationScoped
public class Courses {

    public static final Pattern SLUG = Pattern.compile("[a-z0-9-]{1,60}");

    /** A new course with all exercises; throws IllegalArgumentException for a bad or taken slug or an empty title. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Course create(String slug, String title) {
        if (slug == null || !SLUG.matcher(slug).matches()) {
            throw new IllegalArgumentException("the course's slug must be 1 to 60 of a-z, 0-9 and '-', not '" + slug + "'");
        }
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("the course needs a title");
        }
        if (Course.bySlug(slug).isPresent()) {
            throw new IllegalArgumentException("there is a course '" + slug + "' already");
        }
        Course c = new Course();
        c.slug = slug;
        c.title = title.strip();
        c.persist();
        addMissingExercises(c);
        return c;
    }

    /** Adds the exercises a course lacks (a grader upgraded with a new exercise). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addMissingExercises(Course course) {
        for (Exercise e : Exercise.values()) {
            if (CourseExercise.find(course.id, e.id()).isEmpty()) {
                CourseExercise row = new CourseExercise();
                row.courseId = course.id;
                row.slug = e.id();
                row.position = e.number();
                row.title = e.title();
                row.persist();
            }
        }
    }
}
