package dev.llmf.grader.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import java.time.Instant;
import java.util.Optional;

@Entity
public class Account extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String username;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    /** bcrypt; the password itself is never stored or logged. */
    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Role role;

    @Column(name = "course_id", nullable = false)
    public Long courseId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();

    public static Optional<Account> byUsername(String username) {
        return find("username", username).firstResultOptional();
    }

    public boolean isInstructor() {
        return role == Role.INSTRUCTOR;
    }
}
