package dev.llmf.grader.ops;

import dev.llmf.reference.backend.Backends;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Which compute backend the reference (and so every expected answer) runs on, and why: {@code backend} is
 * {@code cpu} or {@code cuda}, {@code reason} says how it was chosen ({@code -Dllmf.backend=auto|cpu|cuda}) or why
 * CUDA could not be used. Always UP: the CPU fallback grades exactly as well, only slower. The choice is made (and
 * logged, by {@link Backends}) at start-up, so a CUDA probe never delays the first grading.
 */
@Readiness
@ApplicationScoped
public class ComputeBackendCheck implements HealthCheck {

    // Choosing logs one line: the backend, or why CUDA is not used.
    void chooseAtStartup(@Observes StartupEvent event) {
        Backends.selection();
    }

    @Override
    public HealthCheckResponse call() {
        Backends.Selection selection = Backends.selection();
        return HealthCheckResponse.named("compute backend").up()
                .withData("backend", selection.kind())
                .withData("reason", selection.reason())
                .withData("description", selection.backend().describe())
                .build();
    }
}
