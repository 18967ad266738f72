package dev.llmf.grader.queue;

import dev.llmf.grader.grading.BuiltInSolutions;
import dev.llmf.grader.grading.Exercise;
import dev.llmf.grader.grading.GradeReport;
import dev.llmf.grader.grading.GradingService;
import dev.llmf.grader.grading.TestOutcome;
import dev.llmf.grader.suites.Visibility;
import dev.llmf.grader.support.Submissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WarmUpTest {

    @ParameterizedTest
    @EnumSource(Exercise.class)
    @DisplayName("the grader carries each exercise's accepted sample submission, the same files as the tests grade")
    void builtInSolutionsAreTheAcceptedSamples(Exercise exercise) {
        assertEquals(Submissions.sources(exercise.id(), "accepted"), BuiltInSolutions.sources(exercise));
    }

    @Test
    @DisplayName("each round grades every exercise's built-in solution once, in the course's order")
    void gradesEveryExerciseEachRound() {
        Recorder grading = new Recorder(null);
        warmUp(grading).run(2, () -> 0);
        List<Exercise> twice = new ArrayList<>(Arrays.asList(Exercise.values()));
        twice.addAll(Arrays.asList(Exercise.values()));
        assertEquals(twice, grading.graded);
        assertEquals(BuiltInSolutions.sources(Exercise.MINI_GPT), grading.sources.get(Exercise.MINI_GPT.ordinal()));
    }

    @Test
    @DisplayName("while a learner's submission is being graded, the warm-up waits")
    void waitsForLearners() {
        AtomicInteger looks = new AtomicInteger();
        Recorder grading = new Recorder(null);
        grading.looks = looks;
        // busy for the first three looks, then idle for good
        warmUp(grading).run(1, () -> looks.incrementAndGet() <= 3 ? 1 : 0);
        assertEquals(4, grading.looksAtEachGrading.getFirst(), "graded only after the fourth look found no learner");
        assertEquals(Exercise.values().length, grading.graded.size());
    }

    @Test
    @DisplayName("a built-in solution short of full marks stops the warm-up (grading is broken here: the log says so)")
    void stopsAtAFailingSolution() {
        Recorder grading = new Recorder(Exercise.TOKENIZER);
        warmUp(grading).run(3, () -> 0);
        assertEquals(List.of(Exercise.TENSORS, Exercise.TOKENIZER), grading.graded);
    }

    private static WarmUp warmUp(GradingService grading) {
        WarmUp warmUp = new WarmUp();
        warmUp.grading = grading;
        return warmUp;
    }

    /** Grades nothing: records what it was asked, and scores every exercise fully except {@code failing}. */
    private static final class Recorder extends GradingService {
        private final Exercise failing;
        final List<Exercise> graded = new ArrayList<>();
        final List<Map<String, String>> sources = new ArrayList<>();
        /** How often the warm-up has looked whether learners are being graded (null: not counted). */
        AtomicInteger looks;
        final List<Integer> looksAtEachGrading = new ArrayList<>();

        Recorder(Exercise failing) {
            this.failing = failing;
        }

        @Override
        public GradeReport grade(String what, Exercise exercise, long seed, Map<String, String> sources) {
            graded.add(exercise);
            this.sources.add(sources);
            if (looks != null) {
                looksAtEachGrading.add(looks.get());
            }
            boolean passed = exercise != failing;
            TestOutcome outcome = new TestOutcome("t", "a test", passed, passed ? 1 : 0, 1, Visibility.VISIBLE,
                    passed ? null : "wrong", 1, "");
            return new GradeReport(null, List.of(outcome), 1, null);
        }
    }
}
