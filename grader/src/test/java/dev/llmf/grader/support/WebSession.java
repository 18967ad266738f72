package dev.llmf.grader.support;

import dev.llmf.grader.auth.SessionCookie;
import dev.llmf.grader.model.Role;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.nio.charset.StandardCharsets;
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

    /** The CSRF token, as the pages' forms carry it (read from the home page). */
    public String csrf() {
        return csrfIn(request().get("/").then().statusCode(200).extract().asString());
    }

    /** Submits {@code sources} through the exercise page's form; returns the new submission's id. */
    public long submit(String exercise, Map<String, String> sources) {
        RequestSpecification request = request().multiPart("csrf", csrf());
        for (var file : sources.entrySet()) {
            request = request.multiPart("file", file.getKey(), file.getValue().getBytes(StandardCharsets.UTF_8));
        }
        String location = request.post("/exercises/" + exercise + "/submissions").then().statusCode(303)
                .extract().header("Location");
        return Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
    }

    public static String csrfIn(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new AssertionError("no CSRF field in the page:\n" + html);
        }
        return m.group(1);
    }
}
