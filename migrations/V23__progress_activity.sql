-- What the dashboard's "needs attention" and last-activity views read, kept on the learner's progress row so that
-- they read no submissions (14k progress rows instead of 140k submissions on a 2,000-learner course): the graded
-- attempt at which the best was reached (attempts - best_attempt = attempts without gain since), and when the
-- latest graded submission was made.
ALTER TABLE progress ADD COLUMN best_attempt INT;
ALTER TABLE progress ADD COLUMN latest_submitted_at TIMESTAMPTZ;

UPDATE progress p SET
    best_attempt = (SELECT count(*) FROM submission s WHERE s.account_id = p.account_id AND s.exercise_id = p.exercise_id
                    AND s.status = 'GRADED' AND s.id <= p.best_submission_id),
    latest_submitted_at = (SELECT s.submitted_at FROM submission s WHERE s.id = p.latest_submission_id);
