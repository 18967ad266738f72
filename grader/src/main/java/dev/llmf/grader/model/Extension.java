package dev.llmf.grader.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;

import java.io.Serializable;
import java.time.Instant;
import java.util.Optional;

/** One learner's own due date and cut-off for one exercise. */
@Entity
public class Extension extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "account_id") Long accountId,
                      @Column(name = "exercise_id") Long exerciseId) implements Serializable {
    }

    @EmbeddedId
    public Key key;

    @Column(name = "due_at", nullable = false)
    public Instant dueAt;

    /** Null: the cut-off is {@link #dueAt}. */
    @Column(name = "closes_at")
    public Instant closesAt;

    @Column(name = "granted_by")
    public Long grantedBy;

    @Column(name = "granted_at", nullable = false)
    public Instant grantedAt = Instant.now();

    public static Optional<Extension> of(long accountId, long exerciseId) {
        return findByIdOptional(new Key(accountId, exerciseId));
    }
}
