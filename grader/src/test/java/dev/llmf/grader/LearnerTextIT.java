package dev.llmf.grader;

import dev.llmf.grader.db.LocalPostgres;
import dev.llmf.grader.support.GraderProcess;
import dev.llmf.grader.support.Submissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Text from learner code that PostgreSQL or a page cannot hold, through the packaged grader: an exception message
 * with a NUL and a lone surrogate, and printed output with a NUL. The submission is graded once (it used to stay
 * RUNNING, be claimed three times and end as ERROR), and the API and the feedback page show the text with U+FFFD.
 */
class LearnerTextIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    @DisplayName("a NUL in an exception message and in printed output: graded once, shown with U+FFFD")
    void nulInLearnerText() throws Exception {
        try (GraderProcess grader = GraderProcess.withFreshDatabase()) {
            grader.start();
            String token = grader.signInAsDemoLearner();
            long id = grader.submit(token, "tensors", Submissions.tensorsWithSoftmaxStartingWith(
                    "System.out.println(\"softmax says hi\\u0000 there\");"
                            + " if (x != null) { throw new RuntimeException(\"bad\\u0000nul \\ud800 lone\"); }"));
            grader.awaitStatus(token, id, "GRADED", Duration.ofSeconds(90), Duration.ofMillis(200));

            String api = get(grader, token, "/api/submissions/" + id);
            // the lone surrogate already became '?' when the child encoded the message as UTF-8 for the pipe
            assertTrue(api.contains("bad\uFFFDnul ? lone"), api);
            assertTrue(api.contains("\"output\":\"softmax says hi\uFFFD there\\n\""), api);

            String page = get(grader, token, "/submissions/" + id);
            assertEquals(-1, page.indexOf('\0'), "no NUL on the page");
            assertTrue(page.contains("bad\uFFFDnul ? lone"), page);
            assertTrue(page.contains("What your code printed"), page);

            LocalPostgres db = grader.database();
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), LocalPostgres.USER, db.password())) {
                ResultSet rs = c.createStatement().executeQuery("SELECT claims, status FROM submission WHERE id = " + id);
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1), "graded by its first claim");
                assertEquals("GRADED", rs.getString(2));
            }
        }
    }

    private static String get(GraderProcess grader, String token, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(grader.url(path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return r.body();
    }
}
