package dev.llmf.grader.access;

import dev.llmf.grader.queue.ResultStore;
import dev.llmf.grader.support.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may do what, for every endpoint of the grader (pages and API) × every role × two courses: the calls of
 * {@link AccessTable}, each sent as every {@link Who}. A call its rule allows must succeed; any other is refused —
 * a visitor with 401 (API) or the way to the sign-in page (pages), a member of the course with 403, a member of the
 * other course with 403 or 404 (also when they name course A's learner or regrade from their own course). The table
 * must list exactly the endpoints the running service has (from its OpenAPI document), so a new endpoint fails this
 * test until its access is decided here.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class AccessControlTest {

    private static AccessFixtures fixtures;

    @Inject
    ResultStore results;

    @BeforeEach
    void world() {
        synchronized (AccessControlTest.class) {
            if (fixtures == null) {
                fixtures = new AccessFixtures(results);
            }
        }
    }

    @Test
    @DisplayName("the table lists exactly the endpoints the service has: a new endpoint fails until its access is decided")
    void tableCoversEveryEndpoint() {
        JsonPath openApi = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = openApi.getMap("paths");
        Set<String> served = new TreeSet<>();
        paths.forEach((path, methods) -> methods.keySet().stream()
                .filter(m -> Set.of("get", "post", "put", "delete", "patch").contains(m))
                .forEach(m -> served.add(m.toUpperCase() + " " + path)));
        Set<String> listed = AccessTable.rows().stream().map(AccessTable.Row::key).collect(Collectors.toCollection(TreeSet::new));
        Set<String> missing = new TreeSet<>(served);
        missing.removeAll(listed);
        Set<String> stale = new TreeSet<>(listed);
        stale.removeAll(served);
        assertEquals(Set.of(), missing, "endpoints with no row in AccessTable: decide who may use them");
        assertEquals(Set.of(), stale, "rows in AccessTable for endpoints the service does not have");
        assertEquals(AccessTable.rows().size(), listed.size(), "one row per endpoint");
    }

    @Test
    @DisplayName("every endpoint × role × course: allowed calls succeed, every other is refused")
    void everyEndpointEveryRole() {
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (AccessTable.Row row : AccessTable.rows()) {
            for (Who who : Who.values()) {
                for (String course : courses(row, who)) {
                    Response r = row.call().send(fixtures, who, request(row, who, course));
                    calls++;
                    String problem = problem(row, who, r);
                    if (problem != null) {
                        wrong.add(row.key() + " as " + who + (course == null ? "" : " in " + course) + ": " + problem);
                    }
                }
            }
        }
        assertEquals(List.of(), wrong, "of " + calls + " calls");
        assertTrue(calls > AccessTable.rows().size() * Who.values().length - 1, "every row × every role: " + calls);
    }

    // The course a call is about: course A, and for course B's members, when the call names something of A, their own.
    private static List<String> courses(AccessTable.Row row, Who who) {
        return switch (row.scope()) {
            case NONE -> java.util.Collections.singletonList(null);
            case COURSE -> List.of(AccessFixtures.A);
            case NAMES_A -> who.ofCourseA() || who == Who.ANONYMOUS ? List.of(AccessFixtures.A)
                    : List.of(AccessFixtures.A, AccessFixtures.B);
        };
    }

    private static RequestSpecification request(AccessTable.Row row, Who who, String course) {
        RequestSpecification r = row.page() ? fixtures.page(who) : fixtures.api(who);
        return course == null ? r : r.queryParam("course", course);
    }

    /** What is wrong with the answer, or null when it is what the rule says. */
    private static String problem(AccessTable.Row row, Who who, Response r) {
        int status = r.statusCode();
        String location = r.header("Location");
        boolean toSignIn = status == 303 && location != null && location.contains("/login");
        if (row.rule().allowed.contains(who)) {
            boolean ok = (status < 400 || status == row.unavailable()) && (row.rule() == Rule.PUBLIC || !toSignIn);
            return ok ? null : "should be allowed, answered " + status + " " + brief(r);
        }
        if (who == Who.ANONYMOUS) {
            boolean refused = row.page() ? toSignIn : status == 401;
            return refused ? null : "a visitor should be sent to sign in (pages) or get 401 (API), answered " + status;
        }
        boolean refused = who.ofCourseA() ? status == 403 : status == 403 || status == 404;
        return refused ? null : "should be refused with " + (who.ofCourseA() ? "403" : "403 or 404") + ", answered "
                + status + " " + brief(r);
    }

    private static String brief(Response r) {
        String body = r.asString();
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
