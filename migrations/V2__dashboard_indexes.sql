-- Indexes for the instructor dashboard (dev.llmf.grader.dashboard). Sizes to keep in mind: 2,000 learners × 7
-- exercises × 10 attempts = 140k submissions and ~2M test results.

-- "Tests most learners fail" reads only the failed results of each learner's latest graded submission
-- (progress.latest_submission_id): a few rows per submission through this partial index, instead of every failed
-- result of the exercise (test_result_failures, by test_key, would make the database read all of them).
CREATE INDEX test_result_failed_by_submission ON test_result (submission_id) WHERE NOT passed;

