package dev.llmf.grader.audit;

import dev.llmf.grader.course.Member;
import dev.llmf.grader.model.AuditEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/**
 * The course's record of what staff did. Written in the same transaction as the change itself, so an entry exists
 * exactly when the change does; read by the audit page and {@code GET /api/instructor/audit}.
 */
@ApplicationScoped
public class AuditLog {

    /** One entry as shown: who, what, about whom and which exercise or submission, and the details. */
    public record Entry(long id, Instant at, String actor, String action, String label, String subject,
                        String exercise, Long submissionId, String detail) {
    }

    /** A page of entries, newest first; {@code more}: older ones exist. */
    public record Page(List<Entry> entries, int page, boolean more) {
    }

    public static final int PAGE_SIZE = 100;

    /** Records what {@code actor} did; {@code subject}, {@code exercise} and {@code submissionId} may be null. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Member actor, AuditAction action, String subject, String exercise, Long submissionId,
                       String detail) {
        AuditEvent e = new AuditEvent();
        e.courseId = actor.courseId();
        e.actor = actor.account().username;
        e.action = action.name();
        e.subject = subject;
        e.exercise = exercise;
        e.submissionId = submissionId;
        e.detail = detail == null ? "" : detail;
        e.persist();
    }

    /** Page {@code page} (from 1) of the course's entries, newest first. */
    @Transactional
    public Page page(long courseId, int page) {
        List<AuditEvent> rows = AuditEvent.<AuditEvent>find("courseId = ?1 order by at desc, id desc", courseId)
                .range((page - 1) * PAGE_SIZE, page * PAGE_SIZE).list();      // one more than a page: are there more?
        boolean more = rows.size() > PAGE_SIZE;
        return new Page(rows.stream().limit(PAGE_SIZE).map(AuditLog::entry).toList(), page, more);
    }

    private static Entry entry(AuditEvent e) {
        AuditAction action = AuditAction.valueOf(e.action);
        return new Entry(e.id, e.at, e.actor, action.name(), action.label(), e.subject, e.exercise, e.submissionId,
                e.detail);
    }
}
