-- LLM Foundations grader schema. Hibernate validates against it; it never generates it.

CREATE TABLE course (
    id          BIGSERIAL PRIMARY KEY,
    slug        TEXT        NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9-]{1,60}$'),
    title       TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE account (
    id            BIGSERIAL PRIMARY KEY,
    username      TEXT        NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{3,40}$'),
    display_name  TEXT        NOT NULL,
    password_hash TEXT        NOT NULL,
    role          TEXT        NOT NULL CHECK (role IN ('LEARNER', 'INSTRUCTOR')),
    course_id     BIGINT      NOT NULL REFERENCES course (id),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX account_course ON account (course_id, role);

-- Tokens for the API and the CLI; only a SHA-256 of the token is stored.
CREATE TABLE api_token (
    id           BIGSERIAL PRIMARY KEY,
    account_id   BIGINT      NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    token_hash   TEXT        NOT NULL UNIQUE,
    label        TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_used_at TIMESTAMPTZ
);
CREATE INDEX api_token_account ON api_token (account_id);

CREATE TABLE exercise (
    id        BIGSERIAL PRIMARY KEY,
    course_id BIGINT      NOT NULL REFERENCES course (id),
    slug      TEXT        NOT NULL,
    position  INT         NOT NULL CHECK (position > 0),
    title     TEXT        NOT NULL,
    opens_at  TIMESTAMPTZ,
    due_at    TIMESTAMPTZ,
    UNIQUE (course_id, slug),
    UNIQUE (course_id, position),
    CHECK (opens_at IS NULL OR due_at IS NULL OR opens_at < due_at)
);

-- The durable grading queue: QUEUED -> RUNNING -> GRADED | ERROR. Workers claim with FOR UPDATE SKIP LOCKED.
CREATE TABLE submission (
    id             BIGSERIAL PRIMARY KEY,
    account_id     BIGINT      NOT NULL REFERENCES account (id),
    exercise_id    BIGINT      NOT NULL REFERENCES exercise (id),
    status         TEXT        NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'GRADED', 'ERROR')),
    seed           BIGINT      NOT NULL,
    submitted_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_at     TIMESTAMPTZ,
    heartbeat_at   TIMESTAMPTZ,
    finished_at    TIMESTAMPTZ,
    claims         INT         NOT NULL DEFAULT 0,
    worker         TEXT,
    points_earned  INT,
    points_possible INT,
    compile_errors TEXT,
    error_message  TEXT,
    CHECK (points_earned IS NULL OR (points_earned >= 0 AND points_earned <= points_possible))
);
CREATE INDEX submission_queue ON submission (submitted_at, id) WHERE status = 'QUEUED';
CREATE INDEX submission_running ON submission (heartbeat_at) WHERE status = 'RUNNING';
CREATE INDEX submission_history ON submission (account_id, exercise_id, submitted_at DESC);

CREATE TABLE submission_file (
    id            BIGSERIAL PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submission (id) ON DELETE CASCADE,
    path          TEXT   NOT NULL,
    content       TEXT   NOT NULL,
    UNIQUE (submission_id, path)
);

CREATE TABLE test_result (
    id              BIGSERIAL PRIMARY KEY,
    submission_id   BIGINT  NOT NULL REFERENCES submission (id) ON DELETE CASCADE,
    position        INT     NOT NULL,
    test_key        TEXT    NOT NULL,
    display_name    TEXT    NOT NULL,
    passed          BOOLEAN NOT NULL,
    points_earned   INT     NOT NULL CHECK (points_earned >= 0),
    points_possible INT     NOT NULL CHECK (points_possible >= points_earned),
    visibility      TEXT    NOT NULL CHECK (visibility IN ('VISIBLE', 'AFTER_DEADLINE', 'NEVER')),
    message         TEXT,
    duration_ms     INT     NOT NULL DEFAULT 0,
    UNIQUE (submission_id, test_key)
);
CREATE INDEX test_result_failures ON test_result (test_key) WHERE NOT passed;

-- One row per learner and exercise: attempts, best and latest graded submission.
CREATE TABLE progress (
    account_id           BIGINT      NOT NULL REFERENCES account (id),
    exercise_id          BIGINT      NOT NULL REFERENCES exercise (id),
    attempts             INT         NOT NULL DEFAULT 0,
    best_submission_id   BIGINT      REFERENCES submission (id),
    best_earned          INT,
    best_possible        INT,
    latest_submission_id BIGINT      REFERENCES submission (id),
    latest_earned        INT,
    latest_possible      INT,
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, exercise_id)
);
CREATE INDEX progress_exercise ON progress (exercise_id);
