package dev.llmf.grader.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.List;

@Entity
@Table(name = "submission_file")
public class SubmissionFile extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "submission_id", nullable = false)
    public Long submissionId;

    @Column(nullable = false)
    public String path;

    @Column(nullable = false)
    public String content;

    public static List<SubmissionFile> of(Long submissionId) {
        return list("submissionId = ?1 order by path", submissionId);
    }
}
