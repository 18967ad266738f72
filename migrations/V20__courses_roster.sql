-- Several courses, and a role in each. An account's one role and one course (account.role, account.course_id)
-- become memberships: an account may belong to several courses (one per term, or staff in one and learner in
-- another), with a role in each. Existing accounts keep their role in their course.

CREATE TABLE membership (
    account_id  BIGINT      NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    course_id   BIGINT      NOT NULL REFERENCES course (id) ON DELETE CASCADE,
    role        TEXT        NOT NULL CHECK (role IN ('LEARNER', 'ASSISTANT', 'INSTRUCTOR')),
    -- a disabled member keeps their submissions but cannot use the course; with no active membership left the
    -- account can neither sign in nor use its tokens
    disabled_at TIMESTAMPTZ,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, course_id)
);
CREATE INDEX membership_course ON membership (course_id, role, account_id);

INSERT INTO membership (account_id, course_id, role, created_at)
SELECT id, course_id, role, created_at FROM account;

ALTER TABLE account DROP COLUMN role;
ALTER TABLE account DROP COLUMN course_id;

-- For the roster and the set-password links' CSV; optional (no e-mail is ever sent).
ALTER TABLE account ADD COLUMN email TEXT CHECK (email IS NULL OR email ~ '^[^@[:space:]]+@[^@[:space:]]+$');
COMMENT ON COLUMN account.password_hash IS 'bcrypt; ''!'' while the account has no password yet (a set-password link was issued)';

-- One-time links to set a password: valid 7 days, used once; only a SHA-256 of the token is stored.
CREATE TABLE password_link (
    id          BIGSERIAL PRIMARY KEY,
    account_id  BIGINT      NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    token_hash  TEXT        NOT NULL UNIQUE,
    created_by  BIGINT      REFERENCES account (id) ON DELETE SET NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ
);
CREATE INDEX password_link_account ON password_link (account_id);

-- What staff did in a course: overrides, extensions, regrades, roster and schedule changes. Names, not ids, so an
-- entry outlives the account, exercise or submission it is about.
CREATE TABLE audit_event (
    id            BIGSERIAL PRIMARY KEY,
    course_id     BIGINT      NOT NULL REFERENCES course (id) ON DELETE CASCADE,
    at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor         TEXT        NOT NULL,
    action        TEXT        NOT NULL,
    subject       TEXT,
    exercise      TEXT,
    submission_id BIGINT,
    detail        TEXT        NOT NULL DEFAULT ''
);
CREATE INDEX audit_event_course ON audit_event (course_id, at DESC, id DESC);
