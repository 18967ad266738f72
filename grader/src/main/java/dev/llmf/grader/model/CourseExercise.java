package dev.llmf.grader.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An exercise as scheduled in one course (the code side of it is {@link dev.llmf.grader.grading.Exercise}). */
@Entity
@Table(name = "exercise")
public class CourseExercise extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "course_id", nullable = false)
    public Long courseId;

    @Column(nullable = false)
    public String slug;

    @Column(nullable = false)
    public int position;

    @Column(nullable = false)
    public String title;

    @Column(name = "opens_at")
    public Instant opensAt;

    @Column(name = "due_at")
    public Instant dueAt;

    /** The cut-off: late submissions are accepted until then. Null: the exercise closes at its due date. */
    @Column(name = "closes_at")
    public Instant closesAt;

    public static Optional<CourseExercise> find(Long courseId, String slug) {
        return find("courseId = ?1 and slug = ?2", courseId, slug).firstResultOptional();
    }

    public static List<CourseExercise> ofCourse(Long courseId) {
        return list("courseId = ?1 order by position", courseId);
    }

    public boolean isOpen(Instant now) {
        return opensAt == null || !now.isBefore(opensAt);
    }

}
