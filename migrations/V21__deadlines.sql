-- Deadlines with a policy. Per exercise a cut-off after the due date: late submissions are accepted until then,
-- marked late and penalised; after it none are accepted. Without a cut-off an exercise closes at its due date.
ALTER TABLE exercise ADD COLUMN closes_at TIMESTAMPTZ;
ALTER TABLE exercise ADD CONSTRAINT exercise_closes_after_due
    CHECK (closes_at IS NULL OR (due_at IS NOT NULL AND closes_at >= due_at));

-- The course's late penalty: NONE; PER_DAY, late_percent_per_day off for each started day after the due date (at
-- most 100); FACTOR, the score times late_factor however late.
ALTER TABLE course ADD COLUMN late_policy TEXT NOT NULL DEFAULT 'NONE'
    CHECK (late_policy IN ('NONE', 'PER_DAY', 'FACTOR'));
ALTER TABLE course ADD COLUMN late_percent_per_day NUMERIC(5, 2) NOT NULL DEFAULT 0
    CHECK (late_percent_per_day >= 0 AND late_percent_per_day <= 100);
ALTER TABLE course ADD COLUMN late_factor NUMERIC(4, 3) NOT NULL DEFAULT 1
    CHECK (late_factor >= 0 AND late_factor <= 1);

-- One learner's own due date and cut-off for one exercise (none: the cut-off is the new due date).
CREATE TABLE extension (
    account_id  BIGINT      NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    exercise_id BIGINT      NOT NULL REFERENCES exercise (id) ON DELETE CASCADE,
    due_at      TIMESTAMPTZ NOT NULL,
    closes_at   TIMESTAMPTZ CHECK (closes_at IS NULL OR closes_at >= due_at),
    granted_by  BIGINT      REFERENCES account (id) ON DELETE SET NULL,
    granted_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, exercise_id)
);
CREATE INDEX extension_exercise ON extension (exercise_id);

-- Decided when the submission is made, under the policy and deadline of that moment, and kept through regrades.
ALTER TABLE submission ADD COLUMN late BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE submission ADD COLUMN penalty_percent NUMERIC(5, 2) NOT NULL DEFAULT 0
    CHECK (penalty_percent >= 0 AND penalty_percent <= 100);

-- The best submission's late mark and penalty, beside its score: the best is chosen with penalties applied.
ALTER TABLE progress ADD COLUMN best_late BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE progress ADD COLUMN best_penalty_percent NUMERIC(5, 2) NOT NULL DEFAULT 0;
