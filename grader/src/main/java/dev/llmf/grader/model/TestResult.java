package dev.llmf.grader.model;

import dev.llmf.grader.suites.Visibility;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.List;

@Entity
@Table(name = "test_result")
public class TestResult extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "submission_id", nullable = false)
    public Long submissionId;

    @Column(nullable = false)
    public int position;

    @Column(name = "test_key", nullable = false)
    public String testKey;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    @Column(nullable = false)
    public boolean passed;

    @Column(name = "points_earned", nullable = false)
    public int pointsEarned;

    @Column(name = "points_possible", nullable = false)
    public int pointsPossible;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Visibility visibility;

    public String message;

    /** What the learner's code printed during the test (an excerpt), or null. */
    public String output;

    @Column(name = "duration_ms", nullable = false)
    public int durationMs;

    public static List<TestResult> of(Long submissionId) {
        return list("submissionId = ?1 order by position", submissionId);
    }
}
