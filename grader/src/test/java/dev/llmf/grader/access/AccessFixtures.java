package dev.llmf.grader.access;

import dev.llmf.grader.auth.Csrf;
import dev.llmf.grader.auth.PasswordLinks;
import dev.llmf.grader.auth.SessionCookie;
import dev.llmf.grader.model.Account;
import dev.llmf.grader.model.Extension;
import dev.llmf.grader.model.Progress;
import dev.llmf.grader.queue.ResultStore;
import dev.llmf.grader.suites.Visibility;
import dev.llmf.grader.support.CourseCrew;
import dev.llmf.grader.support.GradedSubmissions;
import dev.llmf.grader.support.TestAccounts;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.specification.RequestSpecification;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;

/**
 * The world the access-control table runs in: course A ({@code acl-a}) with a learner, a peer learner, an
 * assistant and an instructor; course B ({@code acl-b}) with its own three; the learner's graded submission (with
 * a score to override) and a submitted one with a file (for the code view and the figure); a finished regrade. It
 * also makes fresh targets for calls that use theirs up: a learner to delete, a set-password link, a member whose
 * password may change.
 */
final class AccessFixtures {

    static final String A = "acl-a";
    static final String B = "acl-b";
    static final String LEARNER = A + "-learner";
    /** A file that does not compile: submissions of it are graded in a moment, and never run. */
    static final Map<String, String> BROKEN = Map.of("Broken.java", "class Broken {");

    final CourseCrew a;
    final CourseCrew b;
    final long graded;
    final long withFile;
    final long regrade;
    private final AtomicInteger fresh = new AtomicInteger();
    private final Map<Who, String> sessions = new ConcurrentHashMap<>();

    AccessFixtures(ResultStore results) {
        a = CourseCrew.create(A);
        b = CourseCrew.create(B);
        a.learner(A + "-peer");
        graded = GradedSubmissions.store(results, accountId(LEARNER), a.course().exerciseId("tensors"), Instant.now(),
                List.of(GradedSubmissions.test("t01", "failed", Visibility.VISIBLE)));
        RequestSpecification submit = api(Who.LEARNER).queryParam("course", A);
        for (var f : BROKEN.entrySet()) {
            submit = submit.multiPart("file", f.getKey(), f.getValue().getBytes(StandardCharsets.UTF_8));
        }
        withFile = submit.post("/api/exercises/attention/submissions").then().statusCode(202).extract().jsonPath().getLong("id");
        regrade = api(Who.INSTRUCTOR).queryParam("course", A).post("/api/instructor/exercises/embeddings/regrade")
                .then().statusCode(202).extract().jsonPath().getLong("id");
    }

    /** The account that plays {@code who} (for ANONYMOUS: none). */
    static String username(Who who) {
        return switch (who) {
            case ANONYMOUS -> null;
            case LEARNER -> LEARNER;
            case PEER -> A + "-peer";
            case ASSISTANT -> A + "-ta";
            case INSTRUCTOR -> A + "-teacher";
            case OTHER_LEARNER -> B + "-learner";
            case OTHER_ASSISTANT -> B + "-ta";
            case OTHER_INSTRUCTOR -> B + "-teacher";
        };
    }

    /** A request by API token (none for ANONYMOUS). */
    RequestSpecification api(Who who) {
        RequestSpecification spec = given().redirects().follow(false);
        return who == Who.ANONYMOUS ? spec : spec.header("Authorization", "Bearer " + CourseCrew.token(username(who)));
    }

    /** A request with the web session's cookie (none for ANONYMOUS), as a browser sends it. */
    RequestSpecification page(Who who) {
        RequestSpecification spec = given().redirects().follow(false);
        return who == Who.ANONYMOUS ? spec : spec.cookie(SessionCookie.NAME, session(who));
    }

    /** The CSRF token the pages' forms carry for {@code who}'s session (empty for ANONYMOUS: it has none). */
    String csrf(Who who) {
        return who == Who.ANONYMOUS ? "" : Csrf.tokenFor(session(who));
    }

    /** A fresh web session of {@code who}'s account, for a call that ends one (signing out). */
    String newSession(String username) {
        return given().redirects().follow(false).formParam("username", username)
                .formParam("password", TestAccounts.password(username)).post("/login").then().statusCode(303)
                .extract().cookie(SessionCookie.NAME);
    }

    private String session(Who who) {
        return sessions.computeIfAbsent(who, w -> newSession(username(w)));
    }

    /** A new learner of course A, for a call that disables, deletes or re-links one. */
    String freshLearner() {
        String name = "acl-x" + fresh.incrementAndGet();
        a.learner(name);
        return name;
    }

    /** A new account with {@code who}'s role in {@code who}'s course (the caller of a call that changes it). */
    String freshMember(Who who) {
        String name = "acl-m" + fresh.incrementAndGet();
        (who.ofCourseA() ? a : b).course().account(name, name, who.role, true);
        return name;
    }

    /** A username nobody has yet. */
    String freshName() {
        return "acl-n" + fresh.incrementAndGet();
    }

    /** The token of a new set-password link, for a new account of course A. */
    String freshLink() {
        String name = freshLearner();
        String url = QuarkusTransaction.requiringNew().call(() -> Arc.container().instance(PasswordLinks.class).get()
                .issue(Account.byUsername(name).orElseThrow(), null, "http://localhost").url());
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** Makes sure course A's learner has an extension on tensors, for a call that removes it. */
    void extension() {
        long learner = accountId(LEARNER);
        long exercise = a.course().exerciseId("tensors");
        QuarkusTransaction.requiringNew().run(() -> {
            if (Extension.of(learner, exercise).isEmpty()) {
                Extension x = new Extension();
                x.key = new Extension.Key(learner, exercise);
                x.dueAt = Instant.now().plus(7, ChronoUnit.DAYS);
                x.persist();
            }
        });
    }

    /** Makes sure course A's learner has an override on tensors, for a call that removes it. */
    void override() {
        long learner = accountId(LEARNER);
        long exercise = a.course().exerciseId("tensors");
        QuarkusTransaction.requiringNew().run(() -> {
            Progress p = Progress.of(learner, exercise).orElseThrow();
            p.overridePercent = BigDecimal.valueOf(50);
            p.overrideReason = "set for the access test";
            p.overrideAt = Instant.now();
        });
    }

    static long accountId(String username) {
        return QuarkusTransaction.requiringNew().call(() -> Account.byUsername(username).orElseThrow().id);
    }

}
