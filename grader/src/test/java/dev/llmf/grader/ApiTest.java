package dev.llmf.grader;

import dev.llmf.grader.grading.Exercise;
import dev.llmf.grader.model.Role;
import dev.llmf.grader.support.PostgresTestResource;
import dev.llmf.grader.support.TestAccounts;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/** The REST API's contract: sign-in, submission limits as 4xx with messages, access control, progress. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class ApiTest {

    private static final String SOURCE = "package p; public class A {}";

    private RequestSpecification as(String username) {
        return given().header("Authorization", "Bearer " + TestAccounts.token(username, Role.LEARNER));
    }

    @Test
    @DisplayName("a wrong password is a 401 problem, and the same message as an unknown user")
    void wrongPassword() {
        TestAccounts.token("ana", Role.LEARNER);
        for (String user : new String[] {"ana", "nobody-here"}) {
            given().contentType(ContentType.JSON).body("{\"username\":\"" + user + "\",\"password\":\"wrong-password\"}")
                    .post("/api/auth/tokens").then().statusCode(401)
                    .contentType("application/problem+json").body("detail", equalTo("wrong username or password"));
        }
    }

    @Test
    @DisplayName("after five wrong passwords the account is locked: even the right one gets 429 with Retry-After")
    void guessingIsThrottled() {
        TestAccounts.token("locked-lou", Role.LEARNER);
        String wrong = "{\"username\":\"locked-lou\",\"password\":\"wrong-password\"}";
        for (int i = 0; i < 5; i++) {
            given().contentType(ContentType.JSON).body(wrong).post("/api/auth/tokens").then().statusCode(401);
        }
        given().contentType(ContentType.JSON)
                .body("{\"username\":\"locked-lou\",\"password\":\"" + TestAccounts.password("locked-lou") + "\"}")
                .post("/api/auth/tokens").then().statusCode(429).header("Retry-After", "30")
                .contentType("application/problem+json").body("detail", containsString("try again in 30 s"));
    }

    @Test
    @DisplayName("requests without a token are 401, with a forged token too")
    void anonymous() {
        given().get("/api/me/progress").then().statusCode(401).body("detail", containsString("Bearer"));
        given().header("Authorization", "Bearer llmf_forged").get("/api/me/progress").then().statusCode(401);
    }

    @Test
    @DisplayName("the exercise list has the eight exercises in course order")
    void exercises() {
        as("ben").get("/api/exercises").then().statusCode(200).body("", hasSize(8))
                .body("id", hasItems("tensors", "tokenizer", "embeddings", "attention", "transformer-block", "sampler",
                        "mini-gpt", "training"))
                .body("[0].id", equalTo("tensors")).body("[6].id", equalTo("mini-gpt"))
                .body("[7].id", equalTo("training"));
    }

    @Test
    @DisplayName("a submission is accepted with 202 and a location to poll")
    void accepted() {
        String location = as("cleo").multiPart("file", "A.java", SOURCE.getBytes(StandardCharsets.UTF_8))
                .post("/api/exercises/tensors/submissions").then().statusCode(202)
                .body("status", equalTo("QUEUED")).header("Location", containsString("/api/submissions/"))
                .extract().path("location");
        as("cleo").get(location).then().statusCode(200).body("exercise", equalTo("tensors")).body("learner", equalTo("cleo"));
        as("cleo").get("/api/exercises/tensors/submissions").then().statusCode(200)
                .body("", hasSize(1)).body("[0].id", equalTo(Integer.valueOf(location.substring(location.lastIndexOf('/') + 1))));
        as("cleo").get("/api/exercises/sampler/submissions").then().statusCode(200).body("", hasSize(0));
    }

    @Test
    @DisplayName("bad uploads are 4xx problems that say what to fix")
    void badUploads() {
        String url = "/api/exercises/tensors/submissions";
        as("dora").multiPart("other", "x").post(url).then().statusCode(400).body("detail", startsWith("nothing to submit"));
        as("dora").multiPart("file", "../../etc/passwd.java", SOURCE.getBytes()).post(url).then().statusCode(400)
                .body("detail", containsString("may not contain '.' or '..'"));
        as("dora").multiPart("file", "/abs/A.java", SOURCE.getBytes()).post(url).then().statusCode(400)
                .body("detail", containsString("not an allowed file name"));
        as("dora").multiPart("file", "notes.txt", "hi".getBytes()).post(url).then().statusCode(400)
                .body("detail", containsString("is not a .java file"));
        as("dora").multiPart("file", "A.java", new byte[] {(byte) 0xC3, (byte) 0x28}).post(url).then().statusCode(400)
                .body("detail", containsString("not valid UTF-8"));
        as("dora").multiPart("file", "Big.java", new byte[300 * 1024]).post(url).then().statusCode(413);
        as("dora").multiPart("file", "A.zip", "not a zip".getBytes()).post(url).then().statusCode(400)
                .body("detail", containsString("zip"));
        as("dora").multiPart("file", "A.java", SOURCE.getBytes()).post("/api/exercises/no-such/submissions").then()
                .statusCode(404).body("detail", containsString("GET /api/exercises"));
        as("dora").contentType(ContentType.JSON).body("{}").post(url).then().statusCode(415);
    }

    @Test
    @DisplayName("a zip with a path-traversal entry is refused; a project zip keeps only main sources")
    void zips() throws IOException {
        String url = "/api/exercises/tensors/submissions";
        as("eli").multiPart("file", "evil.zip", zip("../../evil/A.java", SOURCE)).post(url).then().statusCode(400)
                .body("detail", containsString("'.' or '..'"));
        byte[] project = zip("ex/src/main/java/p/A.java", SOURCE, "ex/src/test/java/p/ATest.java", "class T {}",
                "ex/pom.xml", "<project/>");
        Number id = as("eli").multiPart("file", "project.zip", project).post(url).then().statusCode(202).extract().path("id");
        as("eli").get("/api/submissions/" + id).then().statusCode(200);
    }

    @Test
    @DisplayName("a learner cannot see another learner's submission (403), an instructor can")
    void accessControl() {
        Number id = as("fay").multiPart("file", "A.java", SOURCE.getBytes()).post("/api/exercises/tensors/submissions")
                .then().statusCode(202).extract().path("id");
        as("gus").get("/api/submissions/" + id).then().statusCode(403);
        given().header("Authorization", "Bearer " + TestAccounts.token("teacher", Role.INSTRUCTOR))
                .get("/api/submissions/" + id).then().statusCode(200).body("learner", equalTo("fay"));
        as("gus").get("/api/submissions/999999999").then().statusCode(404);
        as("gus").get("/api/submissions/abc").then().statusCode(404);
        as("gus").get("/api/learners").then().statusCode(403);
    }

    @Test
    @DisplayName("progress lists every exercise, not started until a submission is graded")
    void progress() {
        as("hal").get("/api/me/progress").then().statusCode(200).body("", hasSize(Exercise.values().length))
                .body("[0].status", equalTo("NOT_STARTED")).body("[0].attempts", equalTo(0));
    }

    @Test
    @DisplayName("instructors enrol learners; duplicates and weak passwords are refused")
    void enrol() {
        RequestSpecification instructor = given().header("Authorization", "Bearer " + TestAccounts.token("teacher", Role.INSTRUCTOR))
                .contentType(ContentType.JSON);
        instructor.body("{\"username\":\"newbie\",\"displayName\":\"New Bie\",\"password\":\"long-enough-1\"}")
                .post("/api/learners").then().statusCode(201).body("role", equalTo("LEARNER"));
        given().header("Authorization", "Bearer " + TestAccounts.token("teacher", Role.INSTRUCTOR)).contentType(ContentType.JSON)
                .body("{\"username\":\"newbie\",\"password\":\"long-enough-1\"}").post("/api/learners").then().statusCode(409);
        given().header("Authorization", "Bearer " + TestAccounts.token("teacher", Role.INSTRUCTOR)).contentType(ContentType.JSON)
                .body("{\"username\":\"weak\",\"password\":\"short\"}").post("/api/learners").then().statusCode(400)
                .body("detail", containsString("at least 8"));
        given().contentType(ContentType.JSON).body("{\"username\":\"newbie\",\"password\":\"long-enough-1\"}")
                .post("/api/auth/tokens").then().statusCode(201);
    }

    private static byte[] zip(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                zip.putNextEntry(new ZipEntry(namesAndContents[i]));
                zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
