-- What the learner's code printed during each test (an excerpt, capped by the grader; NULL when nothing). Shown
-- with the test, so a test that is hidden from the learner hides its output too.
ALTER TABLE test_result ADD COLUMN output TEXT;
