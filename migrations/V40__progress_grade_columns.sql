-- The grade that counts, kept on the progress row as generated columns, so that the dashboard's class-wide reads
-- (the grades export, the matrix sorted by total) compute and round nothing per row. Converting between numeric
-- and float8 costs PostgreSQL about a microsecond a value; the export did seven per cell and took 100-300 ms on a
-- 2,000-learner course. The expressions are ProgressSql's GRADE_PERCENT and PENALISED_PERCENT
-- (dev.llmf.grader.dashboard), unrounded and rounded as the export prints them; ProgressGradeColumnsTest checks that
-- they still agree. Generated columns are computed on every write (the queue's upsert, overrides, regrades,
-- seed-demo, a restore); COPY leaves them out of backups. A generation expression cannot use another generated
-- column, hence the repetition.
ALTER TABLE progress
    -- an override, else the best score after its late penalty; NULL when not started
    ADD COLUMN grade_percent FLOAT8 GENERATED ALWAYS AS (coalesce(override_percent::float8,
        (CASE WHEN best_possible > 0 THEN 100.0::float8 * best_earned / best_possible
              WHEN best_possible = 0 THEN 100.0::float8 END) * (100 - best_penalty_percent)::float8 / 100)) STORED,
    -- grade_percent as the export prints it: 1 decimal
    ADD COLUMN grade_rounded NUMERIC GENERATED ALWAYS AS (round((coalesce(override_percent::float8,
        (CASE WHEN best_possible > 0 THEN 100.0::float8 * best_earned / best_possible
              WHEN best_possible = 0 THEN 100.0::float8 END) * (100 - best_penalty_percent)::float8 / 100))::numeric, 1)) STORED,
    -- grade_percent as points of best_possible, 2 decimals
    ADD COLUMN grade_points_rounded NUMERIC GENERATED ALWAYS AS (round((coalesce(override_percent::float8,
        (CASE WHEN best_possible > 0 THEN 100.0::float8 * best_earned / best_possible
              WHEN best_possible = 0 THEN 100.0::float8 END) * (100 - best_penalty_percent)::float8 / 100)
        * best_possible / 100)::numeric, 2)) STORED,
    -- the best score after its late penalty, an override left aside: 1 decimal
    ADD COLUMN computed_rounded NUMERIC GENERATED ALWAYS AS (round(((
        CASE WHEN best_possible > 0 THEN 100.0::float8 * best_earned / best_possible
             WHEN best_possible = 0 THEN 100.0::float8 END) * (100 - best_penalty_percent)::float8 / 100)::numeric, 1)) STORED;
