package dev.llmf.grader.model;

public enum Role {
    LEARNER, INSTRUCTOR
}
