package dev.llmf.grader.access;

import java.util.EnumSet;
import java.util.Set;

/** Who may use an endpoint (about course A and its learner's submission); everybody else is refused. */
enum Rule {
    /** Anybody, signed in or not (signing in, set-password links). */
    PUBLIC(EnumSet.allOf(Who.class)),
    /** Anybody signed in, for their own account (not about a course). */
    SIGNED_IN(EnumSet.complementOf(EnumSet.of(Who.ANONYMOUS))),
    /** Every member of the course. */
    MEMBER(EnumSet.of(Who.LEARNER, Who.PEER, Who.ASSISTANT, Who.INSTRUCTOR)),
    /** The submission's own learner and the course's staff. */
    OWNER_OR_STAFF(EnumSet.of(Who.LEARNER, Who.ASSISTANT, Who.INSTRUCTOR)),
    /** Assistants and instructors of the course. */
    STAFF(EnumSet.of(Who.ASSISTANT, Who.INSTRUCTOR)),
    /** Instructors of the course. */
    INSTRUCTOR(EnumSet.of(Who.INSTRUCTOR));

    final Set<Who> allowed;

    Rule(Set<Who> allowed) {
        this.allowed = allowed;
    }
}
