package dev.llmf.grader.support;

import dev.llmf.grader.CourseSetup;
import dev.llmf.grader.auth.Passwords;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.Course;
import dev.llmf.grader.model.Membership;
import dev.llmf.grader.model.Role;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;

import static io.restassured.RestAssured.given;

/** Accounts with known passwords for tests, and their API tokens obtained the way a client does. */
public final class TestAccounts {

    private TestAccounts() {
    }

    public static String password(String username) {
        return "secret-" + username;
    }

    /**
     * Creates the account if needed, with {@code role} in the shared course, and signs in through the API; returns a
     * bearer token.
     */
    public static String token(String username, Role role) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (Account.byUsername(username).isEmpty()) {
                Account a = new Account();
                a.username = username;
                a.displayName = username;
                a.passwordHash = Passwords.hash(password(username));
                a.persist();
                Membership.of(a.id, Course.bySlug(CourseSetup.COURSE).orElseThrow().id, role).persist();
            }
        });
        return given().contentType(ContentType.JSON)
                .body("{\"username\":\"" + username + "\",\"password\":\"" + password(username) + "\"}")
                .post("/api/auth/tokens").then().statusCode(201).extract().path("token");
    }
}
