package dev.llmf.grader.dashboard;

import dev.llmf.grader.model.Course;
import dev.llmf.grader.model.CourseExercise;

import java.util.ArrayList;
import java.util.List;

/**
 * The layouts of the grades export. {@link #FULL} has everything: per exercise the grade that counts (percent and
 * points), the points possible, the best submission's late mark and penalty, the computed grade and an override's
 * reason. {@link #MOODLE} and {@link #CANVAS} have the columns those gradebooks' CSV imports read, one grade (0 to
 * 100) per exercise; see docs/instructors.md for samples and how to import them.
 */
public enum GradeFormat {
    FULL("grades.csv"),
    MOODLE("grades-moodle.csv"),
    CANVAS("grades-canvas.csv");

    /** What the database gives per exercise, in this order (see {@link GradesCsv}). */
    static final int PER_EXERCISE = 7;

    private final String file;

    GradeFormat(String file) {
        this.file = file;
    }

    /** The download's file name, after the course: {@code <slug>-grades.csv}. */
    public String fileName(Course course) {
        return course.slug + "-" + file;
    }

    /** The header row(s). */
    List<List<String>> header(Course course, List<CourseExercise> exercises) {
        List<String> names = new ArrayList<>();
        switch (this) {
            case FULL -> {
                names.addAll(List.of("username", "display_name", "email"));
                for (CourseExercise e : exercises) {
                    names.addAll(List.of(e.slug, e.slug + "_points", e.slug + "_possible", e.slug + "_late",
                            e.slug + "_penalty_percent", e.slug + "_computed", e.slug + "_override_reason"));
                }
                names.addAll(List.of("total", "total_points"));
                return List.of(names);
            }
            case MOODLE -> {
                names.addAll(List.of("Username", "Email address", "Full name"));
                exercises.forEach(e -> names.add(title(e)));
                return List.of(names);
            }
            case CANVAS -> {
                names.addAll(List.of("Student", "ID", "SIS User ID", "SIS Login ID", "Section"));
                exercises.forEach(e -> names.add(title(e)));
                List<String> possible = new ArrayList<>(List.of("    Points Possible", "", "", "", ""));
                exercises.forEach(e -> possible.add("100"));
                return List.of(names, possible);
            }
        }
        throw new IllegalStateException();
    }

    /**
     * One learner's row from the database's: username, display name, e-mail, {@link #PER_EXERCISE} cells per
     * exercise (grade first), total, total points.
     */
    List<String> row(Course course, List<String> db, int exercises) {
        if (this == FULL) {
            return db;
        }
        List<String> out = new ArrayList<>(this == MOODLE ? List.of(db.get(0), nonNull(db.get(2)), db.get(1))
                : List.of(db.get(1), "", "", db.get(0), course.title));
        for (int i = 0; i < exercises; i++) {
            out.add(db.get(3 + i * PER_EXERCISE));
        }
        return out;
    }

    private static String title(CourseExercise e) {
        return e.position + ". " + e.title;
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
