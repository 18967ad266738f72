package dev.llmf.grader.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

@Entity
public class Course extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String slug;

    @Column(nullable = false)
    public String title;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();

    /** How late submissions are penalised; see {@code dev.llmf.grader.deadline.LatePolicy}. */
    @Column(name = "late_policy", nullable = false)
    public String latePolicy = "NONE";

    @Column(name = "late_percent_per_day", nullable = false, precision = 5, scale = 2)
    public BigDecimal latePercentPerDay = BigDecimal.ZERO;

    @Column(name = "late_factor", nullable = false, precision = 4, scale = 3)
    public BigDecimal lateFactor = BigDecimal.ONE;

    public static Optional<Course> bySlug(String slug) {
        return find("slug", slug).firstResultOptional();
    }
}
