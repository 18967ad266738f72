package dev.llmf.grader.model;

public enum SubmissionStatus {
    QUEUED, RUNNING, GRADED, ERROR
}
