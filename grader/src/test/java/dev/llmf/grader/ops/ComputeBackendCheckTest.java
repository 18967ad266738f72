package dev.llmf.grader.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;

import dev.llmf.grader.support.PostgresTestResource;
import dev.llmf.reference.backend.Backends;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The readiness endpoint says which compute backend the reference uses and why (CI has no GPU: cpu). */
@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class ComputeBackendCheckTest {

    @Test
    @DisplayName("readiness reports the backend in use (cpu or cuda) with the reason it was chosen")
    void shouldReportComputeBackend() {
        Backends.Selection selection = Backends.selection();
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'compute backend' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'compute backend' }.data.backend", oneOf("cpu", "cuda"))
                .body("checks.find { it.name == 'compute backend' }.data.backend", equalTo(selection.kind()))
                .body("checks.find { it.name == 'compute backend' }.data.reason", equalTo(selection.reason()));
    }
}
