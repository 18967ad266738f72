package dev.llmf.grader.access;

import dev.llmf.grader.model.Role;

/**
 * Who sends a request in the access-control table: nobody, or a member of course A (the course every request is
 * about) or of course B (a course of its own, whose members must get nowhere in course A). {@code PEER} is another
 * learner of course A: not the owner of the submission the table's calls name.
 */
enum Who {
    ANONYMOUS(null, null),
    LEARNER(Role.LEARNER, "a"),
    PEER(Role.LEARNER, "a"),
    ASSISTANT(Role.ASSISTANT, "a"),
    INSTRUCTOR(Role.INSTRUCTOR, "a"),
    OTHER_LEARNER(Role.LEARNER, "b"),
    OTHER_ASSISTANT(Role.ASSISTANT, "b"),
    OTHER_INSTRUCTOR(Role.INSTRUCTOR, "b");

    final Role role;
    final String course;

    Who(Role role, String course) {
        this.role = role;
        this.course = course;
    }

    boolean ofCourseA() {
        return "a".equals(course);
    }
}
