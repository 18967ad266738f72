package dev.llmf.grader.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One thing staff did in a course; see {@code dev.llmf.grader.audit.AuditLog}. */
@Entity
@Table(name = "audit_event")
public class AuditEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "course_id", nullable = false)
    public Long courseId;

    @Column(nullable = false)
    public Instant at = Instant.now();

    @Column(nullable = false)
    public String actor;

    @Column(nullable = false)
    public String action;

    public String subject;

    public String exercise;

    @Column(name = "submission_id")
    public Long submissionId;

    @Column(nullable = false)
    public String detail = "";
}
