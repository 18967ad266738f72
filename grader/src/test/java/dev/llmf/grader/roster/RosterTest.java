package dev.llmf.grader.roster;

import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.Role;
import dev.llmf.grader.queue.ResultStore;
import dev.llmf.grader.suites.Visibility;
import dev.llmf.grader.support.CourseCrew;
import dev.llmf.grader.support.GradedSubmissions;
import dev.llmf.grader.support.PostgresTestResource;
import dev.llmf.grader.support.TestAccounts;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The roster through the JSON API: import, set-password links, disable, delete, password change. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class RosterTest {

    @Inject
    ResultStore results;

    /** A roster of {@code rows} learners {@code <prefix>-NN}, with a BOM, CRLF line ends and quoted fields. */
    static String roster(String prefix, int rows) {
        StringBuilder csv = new StringBuilder("\uFEFFusername,name,email\r\n");
        for (int i = 1; i <= rows; i++) {
            csv.append(String.format("%s-%02d,\"Zoë %02d, \"\"the\"\" learner\",%s-%02d@example.org\r\n", prefix, i, i, prefix, i));
        }
        return csv.toString();
    }

    @Test
    @DisplayName("a 30-row roster with two bad rows: 28 accounts with links, the two rows reported by line number, none of them created")
    void importsGoodRowsAndReportsBadOnes() {
        CourseCrew crew = CourseCrew.create("roster-a");
        String csv = roster("ra", 30)
                .replace("ra-07,", "RA 07!,")                                   // line 8: not a username
                .replace("ra-20@example.org", "not-an-address");              // line 21: not an e-mail
        JsonPath answer = crew.api(crew.instructor()).contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8))
                .post("/api/instructor/roster").then().statusCode(200).extract().jsonPath();

        List<Map<String, Object>> created = answer.getList("created");
        assertEquals(28, created.size(), answer.prettify());
        assertEquals(List.of(8, 21), answer.getList("rejected.line", Integer.class));
        assertTrue(answer.getString("rejected[0].reason").contains("must be 3 to 40 of a-z"), answer.prettify());
        assertTrue(answer.getString("rejected[1].reason").contains("'not-an-address' is not an e-mail address"));
        assertEquals("Zoë 01, \"the\" learner", created.getFirst().get("name"), "quotes, commas and UTF-8 read right");
        assertTrue(((String) created.getFirst().get("link")).matches("http://(localhost|127\\.0\\.0\\.1):\\d+/set-password/[A-Za-z0-9_-]{43}"),
                created.getFirst().toString());
        Instant expires = Instant.parse((String) created.getFirst().get("expiresAt"));
        assertTrue(Duration.between(Instant.now(), expires).toHours() >= 7 * 24 - 1, "valid 7 days: " + expires);
        assertFalse(exists("ra-20"), "a refused row creates no account");
        assertTrue(exists("ra-19") && exists("ra-21"));
        assertEquals(28, crew.api(crew.instructor()).get("/api/instructor/roster?q=ra-").then().statusCode(200)
                .extract().jsonPath().getInt("matched"));

        // the same file again: every good row is now a duplicate, and nothing new is made
        JsonPath again = crew.api(crew.instructor()).contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8))
                .post("/api/instructor/roster").then().statusCode(200).extract().jsonPath();
        assertEquals(0, again.getList("created").size());
        assertEquals(30, again.getList("rejected").size());
        assertTrue(again.getString("rejected[0].reason").contains("already in this course"), again.prettify());
    }

    @Test
    @DisplayName("duplicates in the file, a short line and an unclosed quote are refused per line; a bad header imports nothing")
    void badLinesAndBadHeader() {
        CourseCrew crew = CourseCrew.create("roster-b");
        String csv = "email,username,name\nrb-1@example.org,rb-one,One\n,rb-two,Two\nx@example.org,rb-one,Again\n"
                + "rb-3@example.org,rb-three\n,rb-four,\"Four\n";
        JsonPath answer = crew.api(crew.instructor()).contentType("text/csv").body(csv)
                .post("/api/instructor/roster").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("rb-one", "rb-two"), answer.getList("created.username"));
        assertEquals(List.of(4, 5, 6), answer.getList("rejected.line", Integer.class));
        assertTrue(answer.getString("rejected[0].reason").contains("already on line 2"), answer.prettify());
        assertTrue(answer.getString("rejected[1].reason").contains("has 2 fields, expected 3"), answer.prettify());
        assertTrue(answer.getString("rejected[2].reason").contains("not closed"), answer.prettify());

        crew.api(crew.instructor()).contentType("text/csv").body("user,name,email\nrb-five,Five,\n")
                .post("/api/instructor/roster").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("unknown column 'user'"));
        assertFalse(exists("rb-five"));
        crew.api(crew.instructor()).contentType("text/csv").body(new byte[] {'u', ',', (byte) 0xff, '\n'})
                .post("/api/instructor/roster").then().statusCode(400).body("detail", containsString("not UTF-8"));
    }

    @Test
    @DisplayName("a set-password link works once and never again; the account then signs in with that password")
    void setPasswordLinkWorksOnce() {
        CourseCrew crew = CourseCrew.create("roster-c");
        String link = crew.api(crew.instructor()).contentType(ContentType.JSON)
                .body("{\"username\":\"rc-new\",\"name\":\"New Person\",\"email\":\"\",\"role\":\"LEARNER\"}")
                .post("/api/instructor/roster/members").then().statusCode(201).extract().path("issued.link");
        String token = link.substring(link.lastIndexOf('/') + 1);
        signIn("rc-new", "anything-at-all").statusCode(401);

        given().get("/set-password/" + token).then().statusCode(200).body(containsString("rc-new"));
        given().contentType(ContentType.JSON).body(Map.of("token", token, "password", "short"))
                .post("/api/auth/set-password").then().statusCode(400).body("detail", containsString("at least 8"));
        given().contentType(ContentType.JSON).body(Map.of("token", token, "password", "first-password"))
                .post("/api/auth/set-password").then().statusCode(204);
        signIn("rc-new", "first-password").statusCode(201);

        given().contentType(ContentType.JSON).body(Map.of("token", token, "password", "second-password"))
                .post("/api/auth/set-password").then().statusCode(410).contentType("application/problem+json")
                .body("detail", containsString("used already"));
        given().get("/set-password/" + token).then().statusCode(410);
        signIn("rc-new", "second-password").statusCode(401);

        // a new link replaces the one before it, unused or not
        String first = crew.api(crew.instructor()).post("/api/instructor/roster/rc-new/link").then().statusCode(200)
                .extract().path("link");
        String second = crew.api(crew.instructor()).post("/api/instructor/roster/rc-new/link").then().statusCode(200)
                .extract().path("link");
        given().get(path(first)).then().statusCode(410);
        given().get(path(second)).then().statusCode(200);
    }

    @Test
    @DisplayName("a disabled learner's token and sign-in are refused (401); re-enabled, the same token works again")
    void disabledLearnerIsLockedOut() {
        CourseCrew crew = CourseCrew.create("roster-d");
        crew.learner("rd-dan");
        String token = TestAccounts.token("rd-dan", Role.LEARNER);
        given().header("Authorization", "Bearer " + token).get("/api/me/progress").then().statusCode(200);

        crew.api(crew.instructor()).post("/api/instructor/roster/rd-dan/disable").then().statusCode(204);
        given().header("Authorization", "Bearer " + token).get("/api/me/progress").then().statusCode(401)
                .contentType("application/problem+json");
        signIn("rd-dan", TestAccounts.password("rd-dan")).statusCode(401).body("detail", containsString("disabled"));
        crew.api(crew.instructor()).get("/api/instructor/roster?q=rd-dan").then().statusCode(200)
                .body("members[0].disabled", equalTo(true));

        crew.api(crew.instructor()).post("/api/instructor/roster/rd-dan/enable").then().statusCode(204);
        given().header("Authorization", "Bearer " + token).get("/api/me/progress").then().statusCode(200);
        crew.api(crew.instructor()).get("/api/instructor/audit").then().statusCode(200)
                .body("entries.action", hasItem("MEMBER_DISABLED")).body("entries.action", hasItem("MEMBER_ENABLED"));
        crew.api(crew.instructor()).post("/api/instructor/roster/" + crew.instructor() + "/disable").then()
                .statusCode(409).body("detail", containsString("your own account"));
    }

    @Test
    @DisplayName("deleting a learner removes their submissions, results and progress, and the account")
    void deleteRemovesTheirWork() {
        CourseCrew crew = CourseCrew.create("roster-e");
        long account = crew.learner("re-eve");
        long submission = GradedSubmissions.store(results, account, crew.course().exerciseId("tensors"), Instant.now(),
                List.of(GradedSubmissions.test("t", null, Visibility.VISIBLE)));
        crew.api(crew.instructor()).get("/api/submissions/" + submission).then().statusCode(200);

        crew.api(crew.instructor()).delete("/api/instructor/roster/re-eve").then().statusCode(200)
                .body("deletedSubmissions", equalTo(1));
        crew.api(crew.instructor()).get("/api/submissions/" + submission).then().statusCode(404);
        assertFalse(exists("re-eve"));
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() ->
                dev.llmf.grader.model.Progress.count("key.accountId", account)));
        crew.api(crew.instructor()).get("/api/instructor/audit").then()
                .body("entries.find { it.action == 'MEMBER_DELETED' }.detail", equalTo("1 submission deleted"));
    }

    @Test
    @DisplayName("a learner changes their password with the current one; other sessions end, this one stays")
    void passwordChange() {
        CourseCrew crew = CourseCrew.create("roster-f");
        crew.learner("rf-fay");
        String other = TestAccounts.token("rf-fay", Role.LEARNER);
        String mine = TestAccounts.token("rf-fay", Role.LEARNER);
        given().header("Authorization", "Bearer " + mine).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", "wrong-one", "newPassword", "a-new-password"))
                .post("/api/me/password").then().statusCode(403).body("detail", containsString("current password is wrong"));
        given().header("Authorization", "Bearer " + mine).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", TestAccounts.password("rf-fay"), "newPassword", "a-new-password"))
                .post("/api/me/password").then().statusCode(204);
        given().header("Authorization", "Bearer " + mine).get("/api/me/progress").then().statusCode(200);
        given().header("Authorization", "Bearer " + other).get("/api/me/progress").then().statusCode(401);
        signIn("rf-fay", TestAccounts.password("rf-fay")).statusCode(401);
        signIn("rf-fay", "a-new-password").statusCode(201);
    }

    private static io.restassured.response.ValidatableResponse signIn(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/api/auth/tokens").then();
    }

    private static String path(String link) {
        return link.substring(link.indexOf("/set-password/"));
    }

    private static boolean exists(String username) {
        return QuarkusTransaction.requiringNew().call(() -> Account.byUsername(username).isPresent());
    }
}
