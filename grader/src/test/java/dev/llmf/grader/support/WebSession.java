package dev.llmf.grader.support;

import dev.llmf.grader.auth.SessionCookie;
import dev.llmf.grader.model.Role;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;

/** A learner signed in to the web pages the way a browser is: through the sign-in form, holding the cookie. */
public record WebSession(String username, String cookie) {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    /** Creates the account if needed and signs in through {@code POST /login}. */
    public static WebSession signIn(String username) {
        TestAccounts.token(username, Role.LEARNER);
        Response response = given().redirects().follow(false)
                .formParam("username", username).formParam("password", TestAccounts.password(username))
                .post("/login");
        if (response.statusCode() != 303) {
            throw new AssertionError("sign-in as " + username + " answered " + response.statusCode() + ":\n"
                    + response.asString());
        }
        return new WebSession(username, response.cookie(SessionCookie.NAME));
    }

    /** A request that carries the session cookie and does not follow redirects. */
    public RequestSpecification request() {
        return given().redirects().follow(false).cookie(SessionCookie.NAME, cookie);
    }

    /** Posts the sources through the exercise page's form, as the browser does; returns the new submission's id. */
    public long submit(String exercise, Map<String, String> sources) {
        RequestSpecification form = request().multiPart("csrf", csrf());
        for (var file : sources.entrySet()) {
            form = form.multiPart("file", file.getKey(), file.getValue().getBytes(StandardCharsets.UTF_8));
        }
        String location = form.post("/exercises/" + exercise + "/submissions").then().statusCode(303)
                .extract().header("Location");
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    /** Polls the JSON API with the session cookie, as the feedback page's script does, until grading ends. */
    public JsonPath awaitGraded(long id) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            JsonPath body = request().get("/api/submissions/" + id).then().statusCode(200).extract().jsonPath();
            String status = body.getString("status");
            if (status.equals("GRADED") || status.equals("ERROR")) {
                return body;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for submission " + id, e);
            }
        }
        throw new AssertionError("submission " + id + " was not graded within 3 minutes");
    }

    /** The CSRF token, as the pages' forms carry it (read from the home page). */
    public String csrf() {
        return csrfIn(request().get("/").then().statusCode(200).extract().asString());
    }

    public static String csrfIn(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no CSRF field in the page:\n" + html);
        }
        return m.group(1);
    }
}
