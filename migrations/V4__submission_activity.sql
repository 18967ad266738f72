-- Submissions per exercise and UTC hour, kept current by a trigger, so the activity chart reads a few thousand
-- counts instead of every submission's time (140k on a 2,000-learner course). Days are sums of their hours.
CREATE TABLE submission_activity (
    exercise_id BIGINT      NOT NULL REFERENCES exercise (id),
    hour        TIMESTAMPTZ NOT NULL,
    submissions INT         NOT NULL CHECK (submissions >= 0),
    PRIMARY KEY (exercise_id, hour)
);

-- Hours are binned from midnight UTC, whatever the session's time zone.
CREATE FUNCTION submission_hour(at TIMESTAMPTZ) RETURNS TIMESTAMPTZ LANGUAGE sql IMMUTABLE
    AS $$ SELECT date_bin(interval '1 hour', at, timestamptz '2000-01-01 00:00Z') $$;

CREATE FUNCTION count_submission_activity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO submission_activity AS a (exercise_id, hour, submissions)
        VALUES (NEW.exercise_id, submission_hour(NEW.submitted_at), 1)
        ON CONFLICT (exercise_id, hour) DO UPDATE SET submissions = a.submissions + 1;
        RETURN NEW;
    END IF;
    UPDATE submission_activity SET submissions = submissions - 1
    WHERE exercise_id = OLD.exercise_id AND hour = submission_hour(OLD.submitted_at);
    RETURN OLD;
END $$;

CREATE TRIGGER submission_activity_count AFTER INSERT OR DELETE ON submission
    FOR EACH ROW EXECUTE FUNCTION count_submission_activity();

-- Recounts from the submissions themselves: after a bulk load that ran without triggers (seed-demo).
CREATE FUNCTION recount_submission_activity() RETURNS void LANGUAGE sql AS $$
    DELETE FROM submission_activity;
    INSERT INTO submission_activity (exercise_id, hour, submissions)
    SELECT exercise_id, submission_hour(submitted_at), count(*) FROM submission GROUP BY 1, 2;
$$;

SELECT recount_submission_activity();
