package dev.llmf.grader.grading;

import dev.llmf.grader.model.Role;
import dev.llmf.grader.sandbox.Sandbox;
import dev.llmf.grader.support.PostgresTestResource;
import dev.llmf.grader.support.Submissions;
import dev.llmf.grader.support.TensorsVariants;
import dev.llmf.grader.support.TestAccounts;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * End to end through the REST API, the queue, the compiler, the sandbox and the hidden suites: the reference
 * solutions score 100%, the stubs 0, planted bugs get their teaching message, and hostile code is graded 0 on
 * what it breaks while the grader keeps serving.
 */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
@TestProfile(GradingFlowTest.ShortTimeouts.class)
class GradingFlowTest {

    public static class ShortTimeouts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("llmf.sandbox.call-timeout", "3s", "llmf.grading.poll-interval", "200ms");
        }
    }

    @Inject
    Sandbox sandbox;

    @ConfigProperty(name = "quarkus.http.test-port")
    int httpPort;

    @ParameterizedTest
    @EnumSource(Exercise.class)
    @DisplayName("the reference solution of every exercise scores 100%")
    void acceptedScoresFull(Exercise exercise) {
        JsonPath result = gradeAs("learner-" + exercise.id(), exercise.id(), Submissions.sources(exercise.id(), "accepted"));
        assertEquals("GRADED", result.getString("status"), result.prettify());
        assertEquals(100.0, result.getDouble("score.percent"), () -> "failures: " + failures(result));
    }

    @ParameterizedTest
    @EnumSource(Exercise.class)
    @DisplayName("the untouched stub scores 0 and every test says it is not yet implemented")
    void stubScoresZero(Exercise exercise) {
        JsonPath result = gradeAs("stubber", exercise.id(), Submissions.sources(exercise.id(), "stub"));
        assertEquals("GRADED", result.getString("status"), result.prettify());
        assertEquals(0, result.getInt("score.earned"));
        List<String> messages = result.getList("tests.message");
        assertFalse(messages.isEmpty());
        messages.forEach(m -> assertTrue(m.contains("not yet implemented"), m));
    }

    @ParameterizedTest
    @EnumSource(Exercise.class)
    @DisplayName("a planted bug fails exactly the expected tests, with a message that teaches")
    void plantedBugTeaches(Exercise exercise) {
        JsonPath result = gradeAs("bugger", exercise.id(), Submissions.sources(exercise.id(), "planted-bug"), true);
        assertEquals("GRADED", result.getString("status"), result.prettify());
        List<Map<String, Object>> tests = result.getList("tests");
        for (String[] expected : Submissions.expectedFailures(exercise.id())) {
            Map<String, Object> test = tests.stream().filter(t -> expected[0].equals(t.get("name"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no test named '" + expected[0] + "' in " + failures(result)));
            assertEquals(false, test.get("passed"), expected[0]);
            assertTrue(String.valueOf(test.get("message")).contains(expected[1]),
                    () -> "message of '" + expected[0] + "' should mention '" + expected[1] + "' but is: " + test.get("message"));
        }
        assertTrue(result.getInt("score.earned") > 0, "the rest of the bugged solution still earns points");
    }

    /**
     * What the contract says about views, inputs and results holds in the sandbox as in-process: each of these
     * planted bugs fails the test of its property through the API (when tensors crossed as copies, all passed).
     */
    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource(delimiter = '|', textBlock = """
            tensors    | planted-bug-reads-data-directly   | matmul reads both inputs through their strides     | reading the input's data() row by row
            tensors    | planted-bug-softmax-in-place      | every operation leaves its inputs unchanged        | softmax(c) wrote into its input c
            tensors    | planted-bug-transpose-view        | transpose returns a new contiguous                 | must return a new contiguous tensor
            embeddings | planted-bug-lookup-one-row-view   | lookup returns a new tensor (also for one id)      | the result shares its buffer with the input
            tokenizer  | planted-bug-token-bytes-not-copied | tokenBytes hands out a copy                       | tokenBytes returns a copy
            sampler    | planted-bug-scales-logits-in-place | leave the logits array they are given unchanged   | wrote into its input logits
            """)
    @DisplayName("views, writes into inputs, result layouts and copies are graded in the sandbox as in-process")
    void viewsInputsLayoutsAndCopiesThroughTheSandbox(String exercise, String kase, String test, String message) {
        JsonPath result = gradeAs("property-" + Integer.toHexString(kase.hashCode()), exercise,
                Submissions.sources(exercise, kase));
        assertEquals("GRADED", result.getString("status"), result.prettify());
        List<Map<String, Object>> tests = result.getList("tests");
        Map<String, Object> property = tests.stream().filter(t -> String.valueOf(t.get("name")).contains(test))
                .findFirst().orElseThrow(() -> new AssertionError("no visible test '" + test + "' in " + failures(result)));
        assertEquals(false, property.get("passed"), () -> test + " passed in the sandbox: " + failures(result));
        assertTrue(String.valueOf(property.get("message")).contains(message),
                () -> "message of '" + test + "' should say '" + message + "' but is: " + property.get("message"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"loop", "exit", "memory", "threads"})
    @DisplayName("code that loops, exits, eats memory or spawns threads is graded 0 on softmax and the grader keeps serving")
    void runawayCode(String kind) {
        String payload = switch (kind) {
            case "loop" -> "if ($X != null) { while ($X != null) { Thread.onSpinWait(); } }";
            case "exit" -> "if ($X != null) { System.exit(3); }";
            case "memory" -> "if ($X != null) { java.util.List<long[]> hog = new java.util.ArrayList<>();"
                    + " while ($X != null) { hog.add(new long[1 << 20]); } }";
            case "threads" -> "if ($X != null) { for (int i = 0; i < 100000; i++) { Thread t = new Thread(() -> {"
                    + " try { Thread.sleep(60000); } catch (InterruptedException e) { } }); t.start(); } }";
            default -> throw new IllegalArgumentException(kind);
        };
        JsonPath result = gradeAs("runaway", "tensors", TensorsVariants.withSoftmaxPayload(payload), true);
        assertEquals("GRADED", result.getString("status"), result.prettify());
        assertSoftmaxFailedOthersPassed(result);
        given().header("Authorization", "Bearer " + TestAccounts.token("runaway", Role.LEARNER))
                .get("/api/exercises").then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hidden-suite", "reference", "socket"})
    @DisplayName("code that reads the hidden suite or the reference, or opens a socket to the grader, is blocked")
    void escapesAreBlocked(String kind) throws Exception {
        Assumptions.assumeTrue(sandbox.describe().contains("bubblewrap"),
                "needs the bubblewrap sandbox (install bubblewrap); running in: " + sandbox.describe());
        String target = switch (kind) {
            case "hidden-suite" -> java.nio.file.Path.of(dev.llmf.grader.suites.Grading.class.getProtectionDomain()
                    .getCodeSource().getLocation().toURI()).toString();
            case "reference" -> java.nio.file.Path.of(dev.llmf.reference.ReferenceSampler.class.getProtectionDomain()
                    .getCodeSource().getLocation().toURI()).toString();
            default -> null;
        };
        String payload = target != null
                ? "if ($X != null) { java.io.File f = new java.io.File(\"" + target + "\");"
                  + " if (f.exists()) { throw new IllegalStateException(\"LEAKED \" + f); }"
                  + " throw new IllegalStateException(\"blocked: \" + f + \" does not exist here\"); }"
                : "if ($X != null) { try (java.net.Socket s = new java.net.Socket(\"127.0.0.1\", " + httpPort + ")) {"
                  + " throw new IllegalStateException(\"LEAKED connection\"); } catch (java.io.IOException e) {"
                  + " throw new IllegalStateException(\"blocked: \" + e.getMessage()); } }";
        JsonPath result = gradeAs("escaper", "tensors", TensorsVariants.withSoftmaxPayload(payload), true);
        String all = result.prettify();
        assertFalse(all.contains("LEAKED"), all);
        assertTrue(all.contains("blocked"), all);
        assertSoftmaxFailedOthersPassed(result);
    }

    private static void assertSoftmaxFailedOthersPassed(JsonPath result) {
        List<Map<String, Object>> tests = result.getList("tests");
        boolean anySoftmaxFailed = false;
        for (Map<String, Object> t : tests) {
            String name = String.valueOf(t.get("name")).toLowerCase(java.util.Locale.ROOT);
            if (name.contains("softmax")) {
                anySoftmaxFailed |= !(Boolean) t.get("passed");
            } else if (name.contains("matmul") || name.contains("matrix product")) {
                assertTrue((Boolean) t.get("passed"), () -> "unaffected test should pass: " + t);
            }
        }
        assertTrue(anySoftmaxFailed, () -> "softmax tests should fail: " + failures(result));
        assertTrue(result.getInt("score.earned") > 0, "matmul and the other tests still earn points");
    }

    private JsonPath gradeAs(String username, String exercise, Map<String, String> sources) {
        return gradeAs(username, exercise, sources, false);
    }

    /** Submits through the API and polls until graded; with {@code asInstructor}, reads every test in full. */
    private JsonPath gradeAs(String username, String exercise, Map<String, String> sources, boolean asInstructor) {
        String token = TestAccounts.token(username, Role.LEARNER);
        RequestSpecification request = given().header("Authorization", "Bearer " + token);
        for (var file : sources.entrySet()) {
            request = request.multiPart("file", file.getKey(), file.getValue().getBytes(StandardCharsets.UTF_8));
        }
        String location = request.post("/api/exercises/" + exercise + "/submissions").then().statusCode(202)
                .extract().path("location");
        String reader = asInstructor ? TestAccounts.token("flow-instructor", Role.INSTRUCTOR) : token;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            JsonPath body = given().header("Authorization", "Bearer " + reader).get(location).then().statusCode(200)
                    .extract().jsonPath();
            String status = body.getString("status");
            if (status.equals("GRADED") || status.equals("ERROR")) {
                assertNotNull(body.get("score"), body.prettify());
                return body;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
        return fail("not graded within 3 minutes: " + location);
    }

    private static String failures(JsonPath result) {
        StringBuilder out = new StringBuilder();
        List<Map<String, Object>> tests = result.getList("tests");
        for (Map<String, Object> t : tests) {
            if (!(Boolean) t.get("passed")) {
                out.append("\n  ✗ ").append(t.get("name")).append(": ").append(t.get("message"));
            }
        }
        if (result.getString("compileErrors") != null) {
            out.append("\n  compile errors: ").append(result.getString("compileErrors"));
        }
        if (result.getString("error") != null) {
            out.append("\n  error: ").append(result.getString("error"));
        }
        return out.toString();
    }
}
