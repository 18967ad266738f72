package dev.llmf.grader.model;

/** What a member may do in a course: learners submit; assistants also see the dashboard and learners' code and
 * comment; instructors also change the schedule, the roster and scores. */
public enum Role {
    LEARNER, ASSISTANT, INSTRUCTOR;

    /** Assistants and instructors: the course's staff. */
    public boolean isStaff() {
        return this != LEARNER;
    }
}
