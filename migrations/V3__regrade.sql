-- Regrading an exercise after its hidden suite changed: each learner's latest and best graded submissions are
-- graded again by the queue's workers. Attempts are not counted again; the scores they had before are kept here.

CREATE TABLE regrade (
    id           BIGSERIAL PRIMARY KEY,
    exercise_id  BIGINT      NOT NULL REFERENCES exercise (id),
    requested_by BIGINT      NOT NULL REFERENCES account (id),
    requested_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    total        INT         NOT NULL CHECK (total >= 0),
    finished_at  TIMESTAMPTZ
);
CREATE INDEX regrade_exercise ON regrade (exercise_id, requested_at DESC);

-- One submission graded again: what it had before (score and per-test results as JSON), and how it ended:
-- REGRADED (new results stored) or KEPT (the grader failed, so the previous result stands). A submission is
-- pending (finished_at NULL) in at most one regrade at a time.
CREATE TABLE regrade_item (
    regrade_id        BIGINT      NOT NULL REFERENCES regrade (id) ON DELETE CASCADE,
    submission_id     BIGINT      NOT NULL REFERENCES submission (id) ON DELETE CASCADE,
    previous_earned   INT,
    previous_possible INT,
    previous_results  JSONB       NOT NULL DEFAULT '[]',
    finished_at       TIMESTAMPTZ,
    outcome           TEXT        CHECK (outcome IN ('REGRADED', 'KEPT')),
    CHECK ((finished_at IS NULL) = (outcome IS NULL)),
    PRIMARY KEY (regrade_id, submission_id)
);
CREATE UNIQUE INDEX regrade_item_pending ON regrade_item (submission_id) WHERE finished_at IS NULL;
CREATE INDEX regrade_item_submission ON regrade_item (submission_id);

-- Fresh submissions go first: a regrade of the whole class must not delay the learners who are waiting now.
ALTER TABLE submission ADD COLUMN queue_lane SMALLINT NOT NULL DEFAULT 0 CHECK (queue_lane IN (0, 1));
COMMENT ON COLUMN submission.queue_lane IS '0: a new submission, 1: a regrade (claimed after every lane 0 one)';
DROP INDEX submission_queue;
CREATE INDEX submission_queue ON submission (queue_lane, submitted_at, id) WHERE status = 'QUEUED';
