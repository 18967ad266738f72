package dev.llmf.grader.suites;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** When a learner may see a hidden test's name and message (its pass/fail always counts toward the score). */
public enum Visibility {
    /** shown in full right away */
    VISIBLE,
    /** shown as a count until the exercise's due date, in full afterwards */
    AFTER_DEADLINE,
    /** only ever shown as a count */
    NEVER;

    /** Marks a hidden test's visibility (default {@link #VISIBLE}). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Shown {
        Visibility value();
    }
}
