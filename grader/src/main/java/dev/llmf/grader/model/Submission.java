package dev.llmf.grader.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

@Entity
public class Submission extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "account_id", nullable = false)
    public Long accountId;

    @Column(name = "exercise_id", nullable = false)
    public Long exerciseId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public SubmissionStatus status = SubmissionStatus.QUEUED;

    /** Seeds the hidden suites' random cases: new for each submission, the same when it is regraded. */
    @Column(nullable = false)
    public long seed;

    @Column(name = "submitted_at", nullable = false)
    public Instant submittedAt = Instant.now();

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** How many times a worker claimed it; a submission that keeps killing workers ends as ERROR. */
    @Column(nullable = false)
    public int claims;

    public String worker;

    @Column(name = "points_earned")
    public Integer pointsEarned;

    @Column(name = "points_possible")
    public Integer pointsPossible;

    @Column(name = "compile_errors")
    public String compileErrors;

    @Column(name = "error_message")
    public String errorMessage;

    /** Made after the learner's due date (and before the cut-off); decided at submission, kept through regrades. */
    @Column(nullable = false)
    public boolean late;

    /** How much of the score a late submission loses, 0 to 100. */
    @Column(name = "penalty_percent", nullable = false, precision = 5, scale = 2)
    public BigDecimal penaltyPercent = BigDecimal.ZERO;

    public static List<Submission> history(Long accountId, Long exerciseId) {
        return list("accountId = ?1 and exerciseId = ?2 order by submittedAt desc, id desc", accountId, exerciseId);
    }
}
