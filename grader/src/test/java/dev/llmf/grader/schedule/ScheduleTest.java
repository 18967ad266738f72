package dev.llmf.grader.schedule;

import dev.llmf.grader.grading.Exercise;
import dev.llmf.grader.model.Role;
import dev.llmf.grader.support.PostgresTestResource;
import dev.llmf.grader.support.TestAccounts;
import dev.llmf.grader.support.WebSession;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The schedule page and its API twin. Changes only the last two exercises (mini-gpt, sampler) and clears them
 * again afterwards, since other test classes share this database.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class ScheduleTest {

    private static final Pattern INPUT = Pattern.compile("id=\"(opens|due)-([a-z-]+)\" name=\"\\1\" value=\"([^\"]*)\"");

    @AfterEach
    void clear() {
        String token = TestAccounts.token("sched-teacher", Role.INSTRUCTOR);
        for (String id : new String[] {"mini-gpt", "sampler"}) {
            given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                    .body("{\"opensAt\":null,\"dueAt\":null}").put("/api/exercises/" + id + "/schedule").then().statusCode(200);
        }
    }

    @Test
    @DisplayName("the form lists every exercise in UTC and saves the dates typed into it")
    void saves() {
        WebSession teacher = instructor();
        String html = teacher.request().get("/instructor/schedule").then().statusCode(200).extract().asString();
        assertTrue(html.contains("id=\"schedule-form\""), html);
        assertTrue(html.contains("<strong>UTC</strong>"), "the page says which time zone the inputs are in");
        Map<String, String[]> form = inputs(html);
        assertEquals(Exercise.values().length, form.size(), "one row per exercise: " + form.keySet());
        form.put("mini-gpt", new String[] {"2026-01-05T09:00", "2026-02-01T17:30"});

        post(teacher, form, teacher.csrf()).then().statusCode(303).header("Location", containsString("/instructor/schedule?saved=true"));
        given().header("Authorization", "Bearer " + TestAccounts.token("sched-teacher", Role.INSTRUCTOR))
                .get("/api/exercises").then().statusCode(200)
                .body("find { it.id == 'mini-gpt' }.opensAt", containsString("2026-01-05T09:00:00Z"))
                .body("find { it.id == 'mini-gpt' }.dueAt", containsString("2026-02-01T17:30:00Z"));
        String after = teacher.request().get("/instructor/schedule?saved=true").then().statusCode(200).extract().asString();
        assertTrue(after.contains("id=\"schedule-saved\""));
        assertEquals("2026-02-01T17:30", inputs(after).get("mini-gpt")[1]);
    }

    @Test
    @DisplayName("a wrong row saves nothing, says what is wrong next to it, and keeps everything typed")
    void rejectsAndKeepsInput() {
        WebSession teacher = instructor();
        Map<String, String[]> form = inputs(teacher.request().get("/instructor/schedule").then().statusCode(200).extract().asString());
        form.put("mini-gpt", new String[] {"2026-03-01T10:00", "2026-02-01T10:00"});
        form.put("sampler", new String[] {"tomorrow", ""});
        String html = post(teacher, form, teacher.csrf()).then().statusCode(400).extract().asString();
        assertTrue(html.contains("id=\"schedule-error\""), html);
        assertTrue(html.contains("id=\"error-mini-gpt\""), html);
        assertTrue(html.contains("id=\"error-sampler\""), html);
        assertTrue(html.contains("&#39;tomorrow&#39; is not a date and time"), html);
        assertEquals("2026-03-01T10:00", inputs(html).get("mini-gpt")[0]);
        assertEquals("tomorrow", inputs(html).get("sampler")[0]);
        given().header("Authorization", "Bearer " + TestAccounts.token("sched-teacher", Role.INSTRUCTOR))
                .get("/api/exercises").then().body("find { it.id == 'mini-gpt' }.opensAt", nullValue());
    }

    @Test
    @DisplayName("learners get 403, a post without the CSRF token is refused, and the API checks the order too")
    void guarded() {
        WebSession learner = WebSession.signIn("sched-learner");
        learner.request().get("/instructor/schedule").then().statusCode(403).body(containsString("id=\"error-title\""));
        Map<String, String[]> form = new LinkedHashMap<>();
        form.put("mini-gpt", new String[] {"2026-01-05T09:00", ""});
        post(learner, form, learner.csrf()).then().statusCode(403);

        WebSession teacher = instructor();
        post(teacher, form, "forged").then().statusCode(403);
        String token = TestAccounts.token("sched-teacher", Role.INSTRUCTOR);
        given().header("Authorization", "Bearer " + token).get("/api/exercises").then()
                .body("find { it.id == 'mini-gpt' }.opensAt", nullValue());
        given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                .body("{\"opensAt\":\"2026-02-01T00:00:00Z\",\"dueAt\":\"2026-01-01T00:00:00Z\"}")
                .put("/api/exercises/mini-gpt/schedule").then().statusCode(400)
                .contentType(containsString("application/problem+json")).body("detail", containsString("before"));
        given().header("Authorization", "Bearer " + TestAccounts.token("sched-learner", Role.LEARNER))
                .contentType(ContentType.JSON).body("{\"opensAt\":null,\"dueAt\":null}")
                .put("/api/exercises/mini-gpt/schedule").then().statusCode(403);
    }

    private static WebSession instructor() {
        TestAccounts.token("sched-teacher", Role.INSTRUCTOR);
        return WebSession.signIn("sched-teacher");
    }

    /** The form's rows as the page shows them: exercise id → {opens, due}. */
    private static Map<String, String[]> inputs(String html) {
        Map<String, String[]> out = new LinkedHashMap<>();
        Matcher m = INPUT.matcher(html);
        while (m.find()) {
            String[] row = out.computeIfAbsent(m.group(2), k -> new String[2]);
            row[m.group(1).equals("opens") ? 0 : 1] = m.group(3);
        }
        return out;
    }

    private static io.restassured.response.Response post(WebSession session, Map<String, String[]> form, String csrf) {
        RequestSpecification request = session.request().contentType(ContentType.URLENC).formParam("csrf", csrf);
        for (var row : form.entrySet()) {
            request = request.formParam("exercise", row.getKey()).formParam("opens", row.getValue()[0])
                    .formParam("due", row.getValue()[1]);
        }
        return request.post("/instructor/schedule");
    }
}
