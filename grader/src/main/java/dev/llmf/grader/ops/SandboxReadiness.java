package dev.llmf.grader.ops;

import dev.llmf.grader.sandbox.Sandbox;
import dev.llmf.reference.backend.Backends;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when learner code can be run safely: the sandbox is set up. Also tells which sandbox and which
 * compute backend the reference uses. (The database's readiness check comes with the datasource.)
 */
@Readiness
@ApplicationScoped
public class SandboxReadiness implements HealthCheck {

    @Inject
    Sandbox sandbox;

    @Override
    public HealthCheckResponse call() {
        String description = sandbox.describe();
        return HealthCheckResponse.named("sandbox")
                .status(!description.startsWith("unavailable"))
                .withData("sandbox", description)
                .withData("reference backend", Backends.current().describe())
                .build();
    }
}
