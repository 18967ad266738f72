package dev.llmf.grader.grading;

import dev.llmf.grader.support.GraderProcess;
import dev.llmf.grader.support.Submissions;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The planted-bug corpus through the packaged grader, as a learner sees it before the due date: every planted bug
 * and every correct alternative of {@code src/test/resources/submissions/} is submitted over HTTP and graded in the
 * sandbox. Every bug scores below 100%, at least 90% of them fail a test the learner can see with a message that
 * names their cause, every alternative scores 100%, and one bug submitted 20 times (20 seeds) gets one score.
 * It prints the table per exercise and how long the corpus took.
 */
class PlantedBugsIT {

    private static final int WORKERS = 2;
    private static final int RESUBMISSIONS = 20;
    private static final String RESUBMITTED = "mini-gpt/planted-bug";

    /** One submitted case and what the learner saw. */
    private record Seen(String exercise, String kase, long id, double percent, boolean causeNamed, int hidden) {
    }

    @Test
    @DisplayName("planted bugs score below 100% and name their cause before the due date; alternatives score 100%")
    void theCorpusThroughThePackagedGrader() throws Exception {
        try (GraderProcess grader = GraderProcess.withFreshDatabase("-Dllmf.grading.workers=" + WORKERS)) {
            grader.start();
            String token = grader.signInAsDemoLearner();

            Instant start = Instant.now();
            Map<String, Long> submitted = new LinkedHashMap<>();
            for (Exercise exercise : Exercise.values()) {
                for (String kase : Submissions.cases(exercise.id())) {
                    if (Submissions.isPlantedBug(kase) || kase.startsWith(Submissions.ALTERNATIVE)) {
                        submitted.put(exercise.id() + "/" + kase, grader.submit(token, exercise.id(),
                                Submissions.sources(exercise.id(), kase)));
                    }
                }
            }
            List<Seen> seen = new ArrayList<>();
            for (Map.Entry<String, Long> e : submitted.entrySet()) {
                String[] parts = e.getKey().split("/", 2);
                seen.add(seenByTheLearner(grader, token, parts[0], parts[1], e.getValue()));
            }
            Duration corpus = Duration.between(start, Instant.now());

            String[] resubmitted = RESUBMITTED.split("/", 2);
            Instant again = Instant.now();
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < RESUBMISSIONS; i++) {
                ids.add(grader.submit(token, resubmitted[0], Submissions.sources(resubmitted[0], resubmitted[1])));
            }
            TreeSet<Double> scores = new TreeSet<>();
            for (long id : ids) {
                scores.add(seenByTheLearner(grader, token, resubmitted[0], resubmitted[1], id).percent());
            }
            Duration repeats = Duration.between(again, Instant.now());

            System.out.println(report(seen, corpus, scores, repeats));
            List<Seen> bugs = seen.stream().filter(s -> Submissions.isPlantedBug(s.kase())).toList();
            List<Seen> alternatives = seen.stream().filter(s -> !Submissions.isPlantedBug(s.kase())).toList();
            assertTrue(bugs.stream().allMatch(s -> s.percent() < 100), "planted bugs at 100%: " + bugs.stream()
                    .filter(s -> s.percent() >= 100).map(s -> s.exercise() + "/" + s.kase()).toList());
            long named = bugs.stream().filter(Seen::causeNamed).count();
            assertTrue(named >= 0.9 * bugs.size(), named + " of " + bugs.size() + " bugs named their cause");
            assertTrue(alternatives.size() >= 2 * Exercise.values().length, "at least two alternatives each");
            assertTrue(alternatives.stream().allMatch(s -> s.percent() == 100), "alternatives below 100%: "
                    + alternatives.stream().filter(s -> s.percent() < 100).map(s -> s.exercise() + "/" + s.kase())
                    .toList());
            assertTrue(seen.stream().allMatch(s -> s.hidden() > 0), "graded before the due date: some tests hidden");
            assertEquals(1, scores.size(), RESUBMITTED + " submitted " + RESUBMISSIONS + " times got the scores "
                    + scores);
        }
    }

    /** Waits for the grade and reads the submission as its learner sees it (visible tests in full, others counted). */
    private static Seen seenByTheLearner(GraderProcess grader, String token, String exercise, String kase, long id)
            throws Exception {
        grader.awaitStatus(token, id, "GRADED", Duration.ofMinutes(10), Duration.ofMillis(100));
        HttpResponse<byte[]> response = grader.get(token, "/api/submissions/" + id);
        assertEquals(200, response.statusCode());
        JsonPath view = JsonPath.from(new String(response.body(), StandardCharsets.UTF_8));
        String cause = Submissions.isPlantedBug(kase) ? Submissions.cause(exercise, kase) : null;
        List<Map<String, Object>> tests = view.getList("tests");
        boolean named = cause != null && tests.stream().anyMatch(t -> !(Boolean) t.get("passed")
                && String.valueOf(t.get("message")).contains(cause));
        assertNotNull(view.get("score"), view.prettify());
        return new Seen(exercise, kase, id, view.getDouble("score.percent"), named, view.getInt("hidden.count"));
    }

    private static String report(List<Seen> seen, Duration corpus, TreeSet<Double> scores, Duration repeats) {
        StringBuilder out = new StringBuilder(String.format("%nplanted bugs through the packaged grader (%d workers), "
                + "as the learner sees them before the due date:%n%-18s %5s %7s %7s %13s%n", WORKERS, "exercise",
                "bugs", "caught", "named", "alternatives"));
        for (Exercise exercise : Exercise.values()) {
            List<Seen> mine = seen.stream().filter(s -> s.exercise().equals(exercise.id())).toList();
            List<Seen> bugs = mine.stream().filter(s -> Submissions.isPlantedBug(s.kase())).toList();
            out.append(String.format("%-18s %5d %7d %7d %8d at 100%%%n", exercise.id(), bugs.size(),
                    bugs.stream().filter(s -> s.percent() < 100).count(), bugs.stream().filter(Seen::causeNamed).count(),
                    mine.stream().filter(s -> !Submissions.isPlantedBug(s.kase()) && s.percent() == 100).count()));
        }
        out.append(String.format("%d submissions graded in %.1f s; %s submitted %d times: scores %s, in %.1f s%n",
                seen.size(), corpus.toMillis() / 1000.0, RESUBMITTED, RESUBMISSIONS, scores,
                repeats.toMillis() / 1000.0));
        return out.toString();
    }
}
