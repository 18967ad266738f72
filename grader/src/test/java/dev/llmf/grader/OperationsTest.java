package dev.llmf.grader;

import dev.llmf.grader.db.DatabaseState;
import dev.llmf.grader.support.PostgresTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operational endpoints: health with the database and the sandbox, metrics, the OpenAPI document. */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class OperationsTest {

    @Test
    @DisplayName("readiness reports the database and the sandbox, and which reference backend runs")
    void readiness() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("sandbox"))
                .body("checks.find { it.name == 'sandbox' }.data.'reference backend'", containsString("cpu"));
    }

    @Test
    @DisplayName("a database marked unreachable is found reachable again by the watch, and readiness follows")
    void outageEndsWhenTheDatabaseAnswers() throws InterruptedException {
        DatabaseState state = DatabaseState.shared();
        state.down("a test says so");
        assertTrue(state.awaitUp(Duration.ofSeconds(30)), "the watch tried a connection and marked it up");
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'database' }.status", equalTo("UP"));
    }

    @Test
    @DisplayName("metrics expose the queue depth")
    void metrics() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("llmf_queue_depth"));
    }

    @Test
    @DisplayName("the OpenAPI document lists the submission endpoint")
    void openApi() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body(containsString("/api/exercises/{id}/submissions"));
    }
}
