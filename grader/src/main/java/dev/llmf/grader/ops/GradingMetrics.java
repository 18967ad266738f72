package dev.llmf.grader.ops;

import dev.llmf.grader.db.DatabaseState;
import dev.llmf.grader.grading.GradeReport;
import dev.llmf.grader.queue.GradingQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;

/**
 * Prometheus metrics at {@code /q/metrics}: queue depth, grading time, and how gradings ended
 * ({@code llmf_gradings_total{outcome="scored|compile_error|grader_error"}}).
 */
@Startup   // register the meters at start-up, not at the first grading
@ApplicationScoped
public class GradingMetrics {

    private final MeterRegistry registry;
    private final Timer gradingTime;

    @Inject
    public GradingMetrics(MeterRegistry registry, GradingQueue queue) {
        this.registry = registry;
        this.gradingTime = Timer.builder("llmf.grading.duration").description("submit-to-stored time of one grading")
                .publishPercentileHistogram().register(registry);
        // While the database is down the gauge has no value (a scrape must not wait for, nor log, a dead database).
        Gauge.builder("llmf.queue.depth", queue, q -> DatabaseState.shared().isUp() ? q.depth() : Double.NaN)
                .description("submissions waiting to be graded").register(registry);
    }

    public void graded(GradeReport report, Duration took) {
        gradingTime.record(took);
        String outcome = report.graderError() != null ? "grader_error"
                : report.compileErrors() != null ? "compile_error" : "scored";
        Counter.builder("llmf.gradings").tag("outcome", outcome).register(registry).increment();
    }
}
