package dev.llmf.grader.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import java.time.Instant;
import java.util.Optional;

/** A person who signs in; what they may do in each course is their {@link Membership} there. */
@Entity
public class Account extends PanacheEntityBase {

    /** The password hash of an account whose owner has not set a password yet: no password matches it. */
    public static final String NO_PASSWORD = "!";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String username;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    /** bcrypt, or {@link #NO_PASSWORD}; the password itself is never stored or logged. */
    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    public String email;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt = Instant.now();

    public static Optional<Account> byUsername(String username) {
        return find("username", username).firstResultOptional();
    }

    public boolean hasPassword() {
        return !NO_PASSWORD.equals(passwordHash);
    }
}
