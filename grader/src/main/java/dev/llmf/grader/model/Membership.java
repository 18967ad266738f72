package dev.llmf.grader.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An account's place in one course: its role there, and whether it is disabled. */
@Entity
public class Membership extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "account_id") Long accountId,
                      @Column(name = "course_id") Long courseId) implements Serializable {
    }

    @EmbeddedId
    public Key key;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Role role;

    @Column(name = "disabled_at")
    public Instant disabledAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();

    public static Membership of(long accountId, long courseId, Role role) {
        Membership m = new Membership();
        m.key = new Key(accountId, courseId);
        m.role = role;
        return m;
    }

    public static Optional<Membership> find(long accountId, long courseId) {
        return findByIdOptional(new Key(accountId, courseId));
    }

    public static List<Membership> ofAccount(long accountId) {
        return list("key.accountId", accountId);
    }

    /** Whether the account may still sign in: it has a membership that is not disabled. */
    public static boolean anyActive(long accountId) {
        return count("key.accountId = ?1 and disabledAt is null", accountId) > 0;
    }

    public boolean disabled() {
        return disabledAt != null;
    }
}
