-- Staff comments on a submission: on the whole of it, or on one line of one of its files. Its learner sees them.
CREATE TABLE submission_comment (
    id            BIGSERIAL PRIMARY KEY,
    submission_id BIGINT      NOT NULL REFERENCES submission (id) ON DELETE CASCADE,
    author_id     BIGINT      REFERENCES account (id) ON DELETE SET NULL,
    path          TEXT,
    line          INT         CHECK (line > 0),
    body          TEXT        NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((path IS NULL) = (line IS NULL))
);
CREATE INDEX submission_comment_submission ON submission_comment (submission_id, created_at);

-- A score override: the grade that counts for one learner and exercise, set by an instructor with a reason. It is
-- kept beside the computed best (which stays as graded), with who set it and when; the audit log keeps each change.
ALTER TABLE progress ADD COLUMN override_percent NUMERIC(5, 2) CHECK (override_percent >= 0 AND override_percent <= 100);
ALTER TABLE progress ADD COLUMN override_reason TEXT;
ALTER TABLE progress ADD COLUMN override_by BIGINT REFERENCES account (id) ON DELETE SET NULL;
ALTER TABLE progress ADD COLUMN override_at TIMESTAMPTZ;
ALTER TABLE progress ADD CONSTRAINT progress_override_complete
    CHECK ((override_percent IS NULL) = (override_reason IS NULL) AND (override_percent IS NULL) = (override_at IS NULL));
