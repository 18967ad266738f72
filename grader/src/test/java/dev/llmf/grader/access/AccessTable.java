package dev.llmf.grader.access;

import dev.llmf.grader.auth.Csrf;
import dev.llmf.grader.auth.SessionCookie;
import dev.llmf.grader.support.TestAccounts;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static dev.llmf.grader.access.AccessFixtures.A;
import static dev.llmf.grader.access.AccessFixtures.LEARNER;
import static io.restassured.RestAssured.given;

/**
 * Every endpoint of the grader, pages and API, with who may use it and one real call of it (with a body that
 * would succeed, so that a refusal can only be the access check's). {@link AccessControlTest} runs each call as
 * every {@link Who} and compares this table with the endpoints the running service has.
 */
final class AccessTable {

    /** How the course of a call is named. */
    enum Scope {
        /** Not about a course ({@code ?course=} is not sent): public, the caller's own, or a submission's. */
        NONE,
        /** About the request's course: sent with {@code ?course=acl-a}. */
        COURSE,
        /** Also names something of course A: course B's members try it in their own course too. */
        NAMES_A
    }

    interface Call {
        Response send(AccessFixtures f, Who who, RequestSpecification request);
    }

    /** {@code unavailable}: a status that also shows the access check passed (the service lacks a part), or 0. */
    record Row(String method, String path, boolean page, Rule rule, Scope scope, Call call, int unavailable) {
        String key() {
            return method + " " + path;
        }
    }

    private AccessTable() {
    }

    static List<Row> rows() {
        return List.of(
                // signing in and set-password links: anybody
                page("GET", "/login", Rule.PUBLIC, Scope.NONE, (f, w, r) -> r.get("/login")),
                page("POST", "/login", Rule.PUBLIC, Scope.NONE, (f, w, r) -> given().redirects().follow(false)
                        .formParam("username", signInAs(w)).formParam("password", password(signInAs(w))).post("/login")),
                page("POST", "/logout", Rule.PUBLIC, Scope.NONE, (f, w, r) -> w == Who.ANONYMOUS ? r.post("/logout")
                        : signOut(f, w)),
                page("GET", "/set-password/{token}", Rule.PUBLIC, Scope.NONE,
                        (f, w, r) -> r.get("/set-password/" + f.freshLink())),
                page("POST", "/set-password/{token}", Rule.PUBLIC, Scope.NONE, (f, w, r) -> form(f, w, r)
                        .formParam("password", "new-password-1").formParam("repeat", "new-password-1")
                        .post("/set-password/" + f.freshLink())),
                api("POST", "/api/auth/tokens", Rule.PUBLIC, Scope.NONE, (f, w, r) -> r.contentType(ContentType.JSON)
                        .body(Map.of("username", signInAs(w), "password", password(signInAs(w)))).post("/api/auth/tokens")),
                page("GET", "/lessons/{folder}/{name}", Rule.PUBLIC, Scope.NONE,
                        (f, w, r) -> r.get("/lessons/04-attention/attention-flow.svg")),
                api("POST", "/api/auth/set-password", Rule.PUBLIC, Scope.NONE, (f, w, r) -> r.contentType(ContentType.JSON)
                        .body(Map.of("token", f.freshLink(), "password", "new-password-1")).post("/api/auth/set-password")),

                // the caller's own account
                page("GET", "/account", Rule.SIGNED_IN, Scope.NONE, (f, w, r) -> r.get("/account")),
                page("POST", "/account/password", Rule.SIGNED_IN, Scope.NONE, (f, w, r) -> changePasswordPage(f, w, r)),
                api("POST", "/api/me/password", Rule.SIGNED_IN, Scope.NONE, (f, w, r) -> changePassword(f, w, r)),
                api("GET", "/api/me/courses", Rule.SIGNED_IN, Scope.NONE, (f, w, r) -> r.get("/api/me/courses")),
                // a test build that did not package the starter answers 503 "Starter not built", after the access check
                new Row("GET", "/api/starter", false, Rule.SIGNED_IN, Scope.NONE, (f, w, r) -> r.get("/api/starter"), 503),

                // a member's pages and calls in the course
                page("GET", "/", Rule.MEMBER, Scope.COURSE, (f, w, r) -> r.get("/")),
                page("POST", "/course", Rule.MEMBER, Scope.NONE, (f, w, r) -> form(f, w, r).formParam("course", A).post("/course")),
                page("GET", "/exercises/{id}", Rule.MEMBER, Scope.COURSE, (f, w, r) -> r.get("/exercises/tensors")),
                page("POST", "/exercises/{id}/submissions", Rule.MEMBER, Scope.COURSE, (f, w, r) -> upload(r.multiPart("csrf",
                        f.csrf(w))).post("/exercises/attention/submissions")),
                api("GET", "/api/auth/me", Rule.MEMBER, Scope.COURSE, (f, w, r) -> r.get("/api/auth/me")),
                api("GET", "/api/exercises", Rule.MEMBER, Scope.COURSE, (f, w, r) -> r.get("/api/exercises")),
                api("GET", "/api/exercises/{id}/submissions", Rule.MEMBER, Scope.COURSE,
                        (f, w, r) -> r.get("/api/exercises/tensors/submissions")),
                api("POST", "/api/exercises/{id}/submissions", Rule.MEMBER, Scope.COURSE,
                        (f, w, r) -> upload(r).post("/api/exercises/attention/submissions")),
                api("GET", "/api/me/progress", Rule.MEMBER, Scope.COURSE, (f, w, r) -> r.get("/api/me/progress")),

                // one learner's submission: theirs and the staff's
                page("GET", "/submissions/{id}", Rule.OWNER_OR_STAFF, Scope.NONE, (f, w, r) -> r.get("/submissions/" + f.withFile)),
                page("GET", "/submissions/{id}/figure", Rule.OWNER_OR_STAFF, Scope.NONE,
                        (f, w, r) -> r.get("/submissions/" + f.withFile + "/figure")),
                api("GET", "/api/submissions/{id}", Rule.OWNER_OR_STAFF, Scope.NONE, (f, w, r) -> r.get("/api/submissions/" + f.graded)),
                api("GET", "/api/submissions/{id}/comments", Rule.OWNER_OR_STAFF, Scope.NONE,
                        (f, w, r) -> r.get("/api/submissions/" + f.graded + "/comments")),
                api("GET", "/api/submissions/{id}/files", Rule.STAFF, Scope.NONE,
                        (f, w, r) -> r.get("/api/submissions/" + f.withFile + "/files")),
                api("POST", "/api/submissions/{id}/comments", Rule.STAFF, Scope.NONE, (f, w, r) -> r.contentType(ContentType.JSON)
                        .body(Map.of("body", "a comment", "path", "Broken.java", "line", 1))
                        .post("/api/submissions/" + f.withFile + "/comments")),
                page("POST", "/submissions/{id}/comments", Rule.STAFF, Scope.NONE, (f, w, r) -> form(f, w, r)
                        .formParam("body", "a comment").post("/submissions/" + f.graded + "/comments")),
                page("POST", "/submissions/{id}/override", Rule.INSTRUCTOR, Scope.NAMES_A, (f, w, r) -> form(f, w, r)
                        .formParam("percent", "50").formParam("reason", "access test").post("/submissions/" + f.graded + "/override")),
                page("POST", "/submissions/{id}/override/delete", Rule.INSTRUCTOR, Scope.NAMES_A, (f, w, r) -> {
                    f.override();
                    return form(f, w, r).post("/submissions/" + f.graded + "/override/delete");
                }),

                // the dashboard: the course's staff
                page("GET", "/instructor", Rule.STAFF, Scope.COURSE, (f, w, r) -> r.get("/instructor")),
                page("GET", "/instructor/activity", Rule.STAFF, Scope.COURSE, (f, w, r) -> r.get("/instructor/activity")),
                page("GET", "/instructor/attention", Rule.STAFF, Scope.COURSE, (f, w, r) -> r.get("/instructor/attention")),
                page("GET", "/instructor/audit", Rule.STAFF, Scope.COURSE, (f, w, r) -> r.get("/instructor/audit")),
                page("GET", "/instructor/exercises/{id}", Rule.STAFF, Scope.COURSE, (f, w, r) -> r.get("/instructor/exercises/tensors")),
                page("GET", "/instructor/exercises/{id}/tests/{test}", Rule.STAFF, Scope.COURSE,
                        (f, w, r) -> r.get("/instructor/exercises/tensors/tests/t01")),
                page("GET", "/instructor/learners/{username}", Rule.STAFF, Scope.NAMES_A,
                        (f, w, r) -> r.get("/instructor/learners/" + LEARNER)),
                page("GET", "/instructor/grades.csv", Rule.STAFF, Scope.COURSE, (f, w, r) -> r.get("/instructor/grades.csv")),
                page("GET", "/instructor/grades-moodle.csv", Rule.STAFF, Scope.COURSE,
                        (f, w, r) -> r.get("/instructor/grades-moodle.csv")),
                page("GET", "/instructor/grades-canvas.csv", Rule.STAFF, Scope.COURSE,
                        (f, w, r) -> r.get("/instructor/grades-canvas.csv")),
                api("GET", "/api/instructor/matrix", Rule.STAFF, Scope.COURSE, (f, w, r) -> r.get("/api/instructor/matrix")),
                api("GET", "/api/instructor/activity", Rule.STAFF, Scope.COURSE, (f, w, r) -> r.get("/api/instructor/activity")),
                api("GET", "/api/instructor/attention", Rule.STAFF, Scope.COURSE, (f, w, r) -> r.get("/api/instructor/attention")),
                api("GET", "/api/instructor/audit", Rule.STAFF, Scope.COURSE, (f, w, r) -> r.get("/api/instructor/audit")),
                api("GET", "/api/instructor/exercises/{id}", Rule.STAFF, Scope.COURSE,
                        (f, w, r) -> r.get("/api/instructor/exercises/tensors")),
                api("GET", "/api/instructor/exercises/{id}/tests/{test}", Rule.STAFF, Scope.COURSE,
                        (f, w, r) -> r.get("/api/instructor/exercises/tensors/tests/t01")),
                api("GET", "/api/instructor/learners/{username}", Rule.STAFF, Scope.NAMES_A,
                        (f, w, r) -> r.get("/api/instructor/learners/" + LEARNER)),
                api("GET", "/api/instructor/late-policy", Rule.STAFF, Scope.COURSE, (f, w, r) -> r.get("/api/instructor/late-policy")),
                api("GET", "/api/instructor/extensions", Rule.STAFF, Scope.COURSE, (f, w, r) -> r.get("/api/instructor/extensions")),

                // what changes the course: its instructors
                page("GET", "/instructor/schedule", Rule.INSTRUCTOR, Scope.COURSE, (f, w, r) -> r.get("/instructor/schedule")),
                page("POST", "/instructor/schedule", Rule.INSTRUCTOR, Scope.COURSE, (f, w, r) -> form(f, w, r)
                        .formParam("exercise", "sampler").formParam("opens", "").formParam("due", "").formParam("closes", "")
                        .post("/instructor/schedule")),
                page("POST", "/instructor/schedule/late-policy", Rule.INSTRUCTOR, Scope.COURSE, (f, w, r) -> form(f, w, r)
                        .formParam("policy", "NONE").post("/instructor/schedule/late-policy")),
                page("GET", "/instructor/extensions", Rule.INSTRUCTOR, Scope.COURSE, (f, w, r) -> r.get("/instructor/extensions")),
                page("POST", "/instructor/extensions", Rule.INSTRUCTOR, Scope.NAMES_A, (f, w, r) -> form(f, w, r)
                        .formParam("username", LEARNER).formParam("exercise", "tensors").formParam("due", "2030-01-01T09:00")
                        .formParam("closes", "").post("/instructor/extensions")),
                page("POST", "/instructor/extensions/{username}/{exercise}/delete", Rule.INSTRUCTOR, Scope.NAMES_A, (f, w, r) -> {
                    f.extension();
                    return form(f, w, r).post("/instructor/extensions/" + LEARNER + "/tensors/delete");
                }),
                page("GET", "/instructor/regrades", Rule.INSTRUCTOR, Scope.COURSE, (f, w, r) -> r.get("/instructor/regrades")),
                page("GET", "/instructor/regrades/{id}", Rule.INSTRUCTOR, Scope.NAMES_A, (f, w, r) -> r.get("/instructor/regrades/" + f.regrade)),
                page("POST", "/instructor/exercises/{exerciseId}/regrade", Rule.INSTRUCTOR, Scope.COURSE,
                        (f, w, r) -> form(f, w, r).post("/instructor/exercises/mini-gpt/regrade")),
                page("GET", "/instructor/roster", Rule.INSTRUCTOR, Scope.COURSE, (f, w, r) -> r.get("/instructor/roster")),
                page("POST", "/instructor/roster/import", Rule.INSTRUCTOR, Scope.COURSE, (f, w, r) -> r.multiPart("csrf", f.csrf(w))
                        .multiPart("text", "username,name,email\n" + f.freshName() + ",Imported,\n").post("/instructor/roster/import")),
                page("POST", "/instructor/roster/add", Rule.INSTRUCTOR, Scope.COURSE, (f, w, r) -> form(f, w, r)
                        .formParam("username", f.freshName()).formParam("name", "Added").formParam("role", "assistant")
                        .post("/instructor/roster/add")),
                page("POST", "/instructor/roster/links", Rule.INSTRUCTOR, Scope.COURSE, (f, w, r) -> form(f, w, r)
                        .post("/instructor/roster/links")),
                page("GET", "/instructor/roster/{username}/delete", Rule.INSTRUCTOR, Scope.NAMES_A,
                        (f, w, r) -> r.get("/instructor/roster/" + f.freshLearner() + "/delete")),
                page("POST", "/instructor/roster/{username}/delete", Rule.INSTRUCTOR, Scope.NAMES_A,
                        (f, w, r) -> form(f, w, r).post("/instructor/roster/" + f.freshLearner() + "/delete")),
                page("POST", "/instructor/roster/{username}/disable", Rule.INSTRUCTOR, Scope.NAMES_A,
                        (f, w, r) -> form(f, w, r).post("/instructor/roster/" + f.freshLearner() + "/disable")),
                page("POST", "/instructor/roster/{username}/enable", Rule.INSTRUCTOR, Scope.NAMES_A,
                        (f, w, r) -> form(f, w, r).post("/instructor/roster/" + f.freshLearner() + "/enable")),
                page("POST", "/instructor/roster/{username}/link", Rule.INSTRUCTOR, Scope.NAMES_A,
                        (f, w, r) -> form(f, w, r).post("/instructor/roster/" + f.freshLearner() + "/link")),
                api("PUT", "/api/exercises/{id}/schedule", Rule.INSTRUCTOR, Scope.COURSE, (f, w, r) -> r.contentType(ContentType.JSON)
                        .body("{\"opensAt\":null,\"dueAt\":null,\"closesAt\":null}").put("/api/exercises/sampler/schedule")),
                api("PUT", "/api/instructor/late-policy", Rule.INSTRUCTOR, Scope.COURSE, (f, w, r) -> r.contentType(ContentType.JSON)
                        .body(Map.of("policy", "NONE")).put("/api/instructor/late-policy")),
                api("POST", "/api/instructor/extensions", Rule.INSTRUCTOR, Scope.NAMES_A, (f, w, r) -> r.contentType(ContentType.JSON)
                        .body(Map.of("username", LEARNER, "exercise", "tensors",
                                "dueAt", Instant.now().plus(3, ChronoUnit.DAYS).toString())).post("/api/instructor/extensions")),
                api("DELETE", "/api/instructor/extensions/{username}/{exercise}", Rule.INSTRUCTOR, Scope.NAMES_A, (f, w, r) -> {
                    f.extension();
                    return r.delete("/api/instructor/extensions/" + LEARNER + "/tensors");
                }),
                api("PUT", "/api/instructor/overrides/{username}/{exercise}", Rule.INSTRUCTOR, Scope.NAMES_A,
                        (f, w, r) -> r.contentType(ContentType.JSON).body(Map.of("percent", 50, "reason", "access test"))
                                .put("/api/instructor/overrides/" + LEARNER + "/tensors")),
                api("DELETE", "/api/instructor/overrides/{username}/{exercise}", Rule.INSTRUCTOR, Scope.NAMES_A, (f, w, r) -> {
                    f.override();
                    return r.delete("/api/instructor/overrides/" + LEARNER + "/tensors");
                }),
                api("POST", "/api/instructor/exercises/{exerciseId}/regrade", Rule.INSTRUCTOR, Scope.COURSE,
                        (f, w, r) -> r.post("/api/instructor/exercises/sampler/regrade")),
                api("GET", "/api/instructor/regrades", Rule.INSTRUCTOR, Scope.COURSE, (f, w, r) -> r.get("/api/instructor/regrades")),
                api("GET", "/api/instructor/regrades/{id}", Rule.INSTRUCTOR, Scope.NAMES_A,
                        (f, w, r) -> r.get("/api/instructor/regrades/" + f.regrade)),
                api("GET", "/api/instructor/roster", Rule.INSTRUCTOR, Scope.COURSE, (f, w, r) -> r.get("/api/instructor/roster")),
                api("POST", "/api/instructor/roster", Rule.INSTRUCTOR, Scope.COURSE, (f, w, r) -> r.contentType("text/csv")
                        .body(("username,name,email\n" + f.freshName() + ",Imported,\n").getBytes(StandardCharsets.UTF_8))
                        .post("/api/instructor/roster")),
                api("POST", "/api/instructor/roster/members", Rule.INSTRUCTOR, Scope.COURSE, (f, w, r) -> r.contentType(ContentType.JSON)
                        .body(Map.of("username", f.freshName(), "name", "Added", "role", "LEARNER")).post("/api/instructor/roster/members")),
                api("POST", "/api/instructor/roster/links", Rule.INSTRUCTOR, Scope.COURSE, (f, w, r) -> r.post("/api/instructor/roster/links")),
                api("POST", "/api/instructor/roster/{username}/disable", Rule.INSTRUCTOR, Scope.NAMES_A,
                        (f, w, r) -> r.post("/api/instructor/roster/" + f.freshLearner() + "/disable")),
                api("POST", "/api/instructor/roster/{username}/enable", Rule.INSTRUCTOR, Scope.NAMES_A,
                        (f, w, r) -> r.post("/api/instructor/roster/" + f.freshLearner() + "/enable")),
                api("POST", "/api/instructor/roster/{username}/link", Rule.INSTRUCTOR, Scope.NAMES_A,
                        (f, w, r) -> r.post("/api/instructor/roster/" + f.freshLearner() + "/link")),
                api("DELETE", "/api/instructor/roster/{username}", Rule.INSTRUCTOR, Scope.NAMES_A,
                        (f, w, r) -> r.delete("/api/instructor/roster/" + f.freshLearner())),
                api("GET", "/api/learners", Rule.INSTRUCTOR, Scope.COURSE, (f, w, r) -> r.get("/api/learners")),
                api("POST", "/api/learners", Rule.INSTRUCTOR, Scope.COURSE, (f, w, r) -> r.contentType(ContentType.JSON)
                        .body(Map.of("username", f.freshName(), "displayName", "Enrolled", "password", "a-password-1"))
                        .post("/api/learners")));
    }

    private static Row page(String method, String path, Rule rule, Scope scope, Call call) {
        return new Row(method, path, true, rule, scope, call, 0);
    }

    private static Row api(String method, String path, Rule rule, Scope scope, Call call) {
        return new Row(method, path, false, rule, scope, call, 0);
    }

    /** A page's form post carries the session's CSRF token, as the pages' forms do. */
    private static RequestSpecification form(AccessFixtures f, Who who, RequestSpecification r) {
        return r.formParam("csrf", f.csrf(who));
    }

    private static RequestSpecification upload(RequestSpecification r) {
        RequestSpecification spec = r;
        for (var file : AccessFixtures.BROKEN.entrySet()) {
            spec = spec.multiPart("file", file.getKey(), file.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return spec;
    }

    /** Who signs in on the public sign-in calls: the caller's own account; a visitor uses the learner's. */
    private static String signInAs(Who who) {
        return who == Who.ANONYMOUS ? LEARNER : AccessFixtures.username(who);
    }

    private static String password(String username) {
        return TestAccounts.password(username);
    }

    // Signing out ends the session: a session of its own, so the caller's other calls keep theirs.
    private static Response signOut(AccessFixtures f, Who who) {
        String session = f.newSession(AccessFixtures.username(who));
        return given().redirects().follow(false)
                .cookie(SessionCookie.NAME, session)
                .formParam("csrf", Csrf.tokenFor(session)).post("/logout");
    }

    // A password change ends the caller's other sessions and tokens: a fresh account of the same kind changes its own.
    private static Response changePassword(AccessFixtures f, Who who, RequestSpecification r) {
        if (who == Who.ANONYMOUS) {
            return r.contentType(ContentType.JSON).body(Map.of("currentPassword", "x", "newPassword", "new-password-1"))
                    .post("/api/me/password");
        }
        String name = f.freshMember(who);
        return given().header("Authorization", "Bearer "
                        + TestAccounts.token(name, who.role)).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", password(name), "newPassword", "new-password-1")).post("/api/me/password");
    }

    private static Response changePasswordPage(AccessFixtures f, Who who, RequestSpecification r) {
        if (who == Who.ANONYMOUS) {
            return r.formParam("current", "x").formParam("password", "new-password-1").formParam("repeat", "new-password-1")
                    .post("/account/password");
        }
        String name = f.freshMember(who);
        String session = f.newSession(name);
        return given().redirects().follow(false)
                .cookie(SessionCookie.NAME, session)
                .formParam("csrf", Csrf.tokenFor(session)).formParam("current", password(name))
                .formParam("password", "new-password-1").formParam("repeat", "new-password-1").post("/account/password");
    }
}
