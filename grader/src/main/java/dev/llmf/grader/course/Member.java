package dev.llmf.grader.course;

import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.Course;
import dev.llmf.grader.model.Role;

/** A signed-in account in the course a request is about, with its role there. */
public record Member(Account account, Course course, Role role) {

    public long courseId() {
        return course.id;
    }

    public boolean staff() {
        return role.isStaff();
    }

    public boolean instructor() {
        return role == Role.INSTRUCTOR;
    }
}
