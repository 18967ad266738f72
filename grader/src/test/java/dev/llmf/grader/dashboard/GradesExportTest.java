package dev.llmf.grader.dashboard;

import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.Role;
import dev.llmf.grader.queue.ResultStore;
import dev.llmf.grader.suites.Visibility;
import dev.llmf.grader.support.GradedSubmissions;
import dev.llmf.grader.support.PostgresTestResource;
import dev.llmf.grader.support.TestAccounts;
import dev.llmf.grader.support.TestCourse;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The grades exports, whole files compared: the full CSV (points, percentages, late marks, penalties, overrides
 * applied) and the Moodle and Canvas gradebook layouts. docs/instructors.md shows these same files as its samples.
 * ada: tensors 10/10 on time, tokenizer 8/8 late with 20% off; bo: tensors 6/10, overridden to 75% ("oral exam");
 * cy: nothing.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class GradesExportTest {

    private static boolean seeded;

    @Inject
    ResultStore results;

    @BeforeEach
    void seed() {
        synchronized (GradesExportTest.class) {
            if (seeded) {
                return;
            }
            TestCourse c = TestCourse.create("grades-test");
            long tensors = c.exercise("tensors", 1, "Tensor basics and softmax", null);
            long tokenizer = c.exercise("tokenizer", 2, "Byte-level BPE tokenizer", null);
            c.account("ex-teacher", "Export Teacher", Role.INSTRUCTOR, true);
            long ada = c.account("ex-ada", "Ada Lovelace", Role.LEARNER, false);
            long bo = c.account("ex-bo", "Bo \"the\" Builder", Role.LEARNER, false);
            c.account("ex-cy", "Cy", Role.LEARNER, false);
            QuarkusTransaction.requiringNew().run(() -> Account.<Account>findById(ada).email = "ada@example.edu");
            GradedSubmissions.store(results, ada, tensors, Instant.now(), tests(10, 10));
            GradedSubmissions.store(results, ada, tokenizer, Instant.now(), tests(8, 8), true, 20);
            GradedSubmissions.store(results, bo, tensors, Instant.now(), tests(6, 10));
            api().contentType(ContentType.JSON).body(Map.of("percent", 75, "reason", "oral exam"))
                    .put("/api/instructor/overrides/ex-bo/tensors").then().statusCode(200);
            seeded = true;
        }
    }

    @Test
    @DisplayName("the full CSV: grade and points per exercise, the late mark and penalty, the computed grade beside an override")
    void full() {
        Response r = api().get("/instructor/grades.csv");
        assertEquals("attachment; filename=\"grades-test-grades.csv\"", r.header("Content-Disposition"));
        assertEquals(lines(
                "username,display_name,email,tensors,tensors_points,tensors_possible,tensors_late,tensors_penalty_percent,"
                        + "tensors_computed,tensors_override_reason,tokenizer,tokenizer_points,tokenizer_possible,"
                        + "tokenizer_late,tokenizer_penalty_percent,tokenizer_computed,tokenizer_override_reason,total,"
                        + "total_points",
                "ex-ada,Ada Lovelace,ada@example.edu,100.0,10.00,10,,,100.0,,80.0,6.40,8,late,20.00,80.0,,90.0,16.40",
                "ex-bo,\"Bo \"\"the\"\" Builder\",,75.0,7.50,10,,,60.0,oral exam,,,,,,,,37.5,7.50",
                "ex-cy,Cy,,,,,,,,,,,,,,,,0.0,0.00"), r.asString());
    }

    @Test
    @DisplayName("the Moodle layout: username, e-mail address, full name, one grade column per exercise")
    void moodle() {
        Response r = api().get("/instructor/grades-moodle.csv");
        assertEquals("attachment; filename=\"grades-test-grades-moodle.csv\"", r.header("Content-Disposition"));
        assertEquals(lines(
                "Username,Email address,Full name,1. Tensor basics and softmax,2. Byte-level BPE tokenizer",
                "ex-ada,ada@example.edu,Ada Lovelace,100.0,80.0",
                "ex-bo,,\"Bo \"\"the\"\" Builder\",75.0,",
                "ex-cy,,Cy,,"), r.asString());
    }

    @Test
    @DisplayName("the Canvas layout: Student, ID, SIS User ID, SIS Login ID, Section, a Points Possible row, a column per exercise")
    void canvas() {
        Response r = api().get("/instructor/grades-canvas.csv");
        assertEquals("attachment; filename=\"grades-test-grades-canvas.csv\"", r.header("Content-Disposition"));
        assertEquals(lines(
                "Student,ID,SIS User ID,SIS Login ID,Section,1. Tensor basics and softmax,2. Byte-level BPE tokenizer",
                "    Points Possible,,,,,100,100",
                "Ada Lovelace,,,ex-ada,Test course grades-test,100.0,80.0",
                "\"Bo \"\"the\"\" Builder\",,,ex-bo,Test course grades-test,75.0,",
                "Cy,,,ex-cy,Test course grades-test,,"), r.asString());
    }

    private static String lines(String... lines) {
        return String.join("\r\n", lines) + "\r\n";
    }

    private static List<dev.llmf.grader.grading.TestOutcome> tests(int passed, int of) {
        List<dev.llmf.grader.grading.TestOutcome> out = new ArrayList<>();
        for (int i = 1; i <= of; i++) {
            out.add(GradedSubmissions.test("t%02d".formatted(i), i <= passed ? null : "failed", Visibility.VISIBLE));
        }
        return out;
    }

    private static RequestSpecification api() {
        return given().header("Authorization", "Bearer " + TestAccounts.token("ex-teacher", Role.INSTRUCTOR));
    }
}
