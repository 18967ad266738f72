package dev.llmf.grader.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A learner's standing on one exercise; updated in the same transaction that stores a graded result. */
@Entity
public class Progress extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "account_id") Long accountId,
                      @Column(name = "exercise_id") Long exerciseId) implements Serializable {
    }

    @EmbeddedId
    public Key key;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "best_submission_id")
    public Long bestSubmissionId;

    @Column(name = "best_earned")
    public Integer bestEarned;

    @Column(name = "best_possible")
    public Integer bestPossible;

    @Column(name = "latest_submission_id")
    public Long latestSubmissionId;

    @Column(name = "latest_earned")
    public Integer latestEarned;

    @Column(name = "latest_possible")
    public Integer latestPossible;

    @Column(name = "best_late", nullable = false)
    public boolean bestLate;

    @Column(name = "best_penalty_percent", nullable = false, precision = 5, scale = 2)
    public BigDecimal bestPenaltyPercent = BigDecimal.ZERO;

    /** The graded attempt (from 1) that reached the best; attempts beyond it brought no gain. */
    @Column(name = "best_attempt")
    public Integer bestAttempt;

    @Column(name = "latest_submitted_at")
    public Instant latestSubmittedAt;

    /** An instructor's grade for this exercise (0 to 100), counted instead of the best; null when none. */
    @Column(name = "override_percent", precision = 5, scale = 2)
    public BigDecimal overridePercent;

    @Column(name = "override_reason")
    public String overrideReason;

    @Column(name = "override_by")
    public Long overrideBy;

    @Column(name = "override_at")
    public Instant overrideAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt = Instant.now();

    public static java.util.Optional<Progress> of(long accountId, long exerciseId) {
        return findByIdOptional(new Key(accountId, exerciseId));
    }

    public static List<Progress> ofAccount(Long accountId) {
        return list("key.accountId", accountId);
    }
}
