package dev.llmf.grader.web;

import dev.llmf.grader.auth.BearerTokenFilter;
import dev.llmf.grader.auth.Csrf;
import dev.llmf.grader.auth.SessionCookie;
import dev.llmf.grader.auth.SignIn;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.ApiToken;
import dev.llmf.grader.model.Role;
import dev.llmf.grader.support.PostgresTestResource;
import dev.llmf.grader.support.TestAccounts;
import dev.llmf.grader.support.WebSession;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signing in and out of the web pages, the session cookie, redirects for anonymous visitors, and CSRF. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class WebAuthTest {

    private static final byte[] SOURCE = "package p; public class A {}".getBytes(StandardCharsets.UTF_8);

    @Test
    @DisplayName("signing in sets an HttpOnly, SameSite=Strict session cookie and goes to the page asked for")
    void signInSucceeds() {
        TestAccounts.token("wanda", Role.LEARNER);
        given().get("/login").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("id=\"login-form\""))
                .header("Content-Security-Policy", containsString("script-src 'self'"));
        Response response = given().redirects().follow(false)
                .formParam("username", "Wanda").formParam("password", TestAccounts.password("wanda"))
                .formParam("next", "/exercises/tensors").post("/login");
        assertEquals(303, response.statusCode());
        assertTrue(response.header("Location").endsWith("/exercises/tensors"), response.header("Location"));
        String setCookie = response.header("Set-Cookie");
        assertNotNull(setCookie);
        assertTrue(setCookie.startsWith(SessionCookie.NAME + "=llmf_"), setCookie);
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        assertFalse(setCookie.contains("Secure"), "plain http: no Secure flag, or the browser would drop it");
        String cookie = response.cookie(SessionCookie.NAME);
        given().cookie(SessionCookie.NAME, cookie).get("/").then().statusCode(200)
                .body(containsString("id=\"signed-in-as\""));
        given().cookie(SessionCookie.NAME, cookie).get("/api/auth/me").then().statusCode(200)
                .body("username", equalTo("wanda"));
    }

    @Test
    @DisplayName("a wrong password shows the form again with a message, and sets no cookie")
    void signInFails() {
        TestAccounts.token("xena", Role.LEARNER);
        for (String user : new String[] {"xena", "nobody-at-all"}) {
            Response response = given().redirects().follow(false)
                    .formParam("username", user).formParam("password", "wrong-password").post("/login");
            assertEquals(401, response.statusCode());
            assertTrue(response.asString().contains("id=\"login-error\""));
            assertTrue(response.asString().contains("wrong username or password"));
            assertEquals(null, response.cookie(SessionCookie.NAME));
        }
    }

    @Test
    @DisplayName("a sign-in posted from another site is refused (login CSRF)")
    void crossSiteSignIn() {
        TestAccounts.token("yuri", Role.LEARNER);
        given().redirects().follow(false).header("Origin", "https://evil.example")
                .formParam("username", "yuri").formParam("password", TestAccounts.password("yuri"))
                .post("/login").then().statusCode(403).header("Set-Cookie", nullValue());
    }

    @Test
    @DisplayName("anonymous visitors are sent to the sign-in page, which sends them back afterwards")
    void anonymousRedirect() {
        given().redirects().follow(false).get("/").then().statusCode(303)
                .header("Location", endsWith("/login"));
        given().redirects().follow(false).get("/exercises/attention").then().statusCode(303)
                .header("Location", endsWith("/login?next=%2Fexercises%2Fattention"));
        given().redirects().follow(false).get("/submissions/1").then().statusCode(303)
                .header("Location", containsString("/login"));
        given().redirects().follow(false).cookie(SessionCookie.NAME, "llmf_stale").get("/").then().statusCode(303)
                .header("Location", endsWith("/login"));
        given().redirects().follow(false).get("/login?next=//evil.example/x").then().statusCode(200)
                .body(containsString("name=\"next\" value=\"/\""));
    }

    @Test
    @DisplayName("a post without the session's CSRF token is a 403, with it the post goes through")
    void csrf() {
        WebSession zoe = WebSession.signIn("zoe");
        String url = "/exercises/tensors/submissions";
        zoe.request().multiPart("file", "A.java", SOURCE).post(url).then().statusCode(403)
                .contentType(containsString("text/html")).body(containsString("security token"));
        zoe.request().multiPart("file", "A.java", SOURCE).multiPart("csrf", "forged").post(url).then().statusCode(403);
        WebSession other = WebSession.signIn("zack");
        zoe.request().multiPart("file", "A.java", SOURCE).multiPart("csrf", other.csrf()).post(url).then()
                .statusCode(403);
        zoe.request().formParam("x", "1").post("/logout").then().statusCode(403);
        // the API with the cookie instead of a bearer token: the same rule, with the token in a header
        zoe.request().multiPart("file", "A.java", SOURCE).post("/api" + url).then().statusCode(403)
                .contentType("application/problem+json");
        zoe.request().header(Csrf.HEADER, zoe.csrf()).multiPart("file", "A.java", SOURCE).post("/api" + url).then()
                .statusCode(202);
        zoe.request().multiPart("file", "A.java", SOURCE).multiPart("csrf", zoe.csrf()).post(url).then()
                .statusCode(303).header("Location", containsString("/submissions/"));
        // the bearer token needs no CSRF token: a browser never sends that header by itself
        given().header("Authorization", "Bearer " + TestAccounts.token("zoe", Role.LEARNER))
                .multiPart("file", "A.java", SOURCE).post("/api" + url).then().statusCode(202);
    }

    @Test
    @DisplayName("signing out revokes the session's token and drops the cookie")
    void signOut() {
        WebSession ivy = WebSession.signIn("ivy");
        ivy.request().formParam("csrf", ivy.csrf()).post("/logout").then().statusCode(303)
                .header("Location", endsWith("/login"))
                .header("Set-Cookie", containsString(SessionCookie.NAME + "=;"))
                .header("Set-Cookie", containsString("Max-Age=0"));
        ivy.request().get("/").then().statusCode(303);
        ivy.request().get("/api/me/progress").then().statusCode(401);
        given().get("/login").then().body(not(containsString("id=\"sign-out\"")));
    }

    @Test
    @DisplayName("a web session unused for 12 hours ends (the next page asks to sign in); API tokens do not expire")
    void idleSessionEnds() {
        String apiToken = TestAccounts.token("idle-ida", Role.LEARNER);
        WebSession ida = WebSession.signIn("idle-ida");
        ida.request().get("/").then().statusCode(200);
        long account = Account.byUsername("idle-ida").orElseThrow().id;
        Instant longAgo = Instant.now().minus(BearerTokenFilter.WEB_SESSION_IDLE).minusSeconds(60);
        QuarkusTransaction.requiringNew().run(() -> ApiToken.update("lastUsedAt = ?1 where accountId = ?2", longAgo, account));

        ida.request().get("/").then().statusCode(303).header("Location", containsString("/login"));
        assertEquals(0L, QuarkusTransaction.requiringNew().call(
                () -> ApiToken.count("accountId = ?1 and label = ?2", account, SignIn.WEB_LABEL)), "the web session's token is deleted");
        given().header("Authorization", "Bearer " + apiToken).get("/api/me/progress").then().statusCode(200);
    }

    @Test
    @DisplayName("a session's last use is stored to the minute: a request writes it only when the stored one is older")
    void lastUseStoredToTheMinute() {
        WebSession ivo = WebSession.signIn("minute-ivo");
        long account = Account.byUsername("minute-ivo").orElseThrow().id;
        Instant recent = Instant.now().minusSeconds(10).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        QuarkusTransaction.requiringNew().run(() -> ApiToken.update("lastUsedAt = ?1 where accountId = ?2", recent, account));
        ivo.request().get("/").then().statusCode(200);
        assertEquals(recent, lastUsed(account), "used 10 s ago: left as it is");

        Instant older = recent.minus(BearerTokenFilter.LAST_USED_PRECISION);
        QuarkusTransaction.requiringNew().run(() -> ApiToken.update("lastUsedAt = ?1 where accountId = ?2", older, account));
        Instant before = Instant.now();
        ivo.request().get("/").then().statusCode(200);
        assertTrue(!lastUsed(account).isBefore(before.minusSeconds(1)), "over a minute ago: now");
    }

    private static Instant lastUsed(long account) {
        return QuarkusTransaction.requiringNew().call(() -> ApiToken.<ApiToken>find("accountId = ?1 and label = ?2", account,
                SignIn.WEB_LABEL).firstResult().lastUsedAt);
    }
}
