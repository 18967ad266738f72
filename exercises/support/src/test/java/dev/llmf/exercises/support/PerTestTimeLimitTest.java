package dev.llmf.exercises.support;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * A public test whose code under test never returns fails after the per-test limit with the grader's sentence, and
 * the tests after it still run: what {@code junit-platform.properties} and {@link PerTestTimeLimit} set up.
 */
class PerTestTimeLimitTest {

    /** Learner code that spins forever without ever looking at interruption, and one that is fine. */
    static class EndlessLoopSample {

        @Test
        void spinsForever() {
            long n = 0;
            while (n >= 0) {
                n = (n + 1) & Long.MAX_VALUE;
            }
        }

        @Test
        void returns() {
            assertEquals(4, 2 + 2);
        }
    }

    @Test
    @DisplayName("an endless loop fails its test after the limit with the grader's message, and the next test runs")
    void endlessLoopStopsAfterTheLimit() {
        Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();
        Launcher launcher = LauncherFactory.create();
        // the jar's own properties give 10 s; a shorter limit keeps this test quick and shows it is the one used
        launcher.execute(request().selectors(selectClass(EndlessLoopSample.class))
                .configurationParameter(PerTestTimeLimit.LIMIT_PARAMETER, "1 s").build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (id.isTest()) {
                            results.put(id.getDisplayName(), result);
                        }
                    }
                });

        TestExecutionResult loop = results.get("spinsForever()");
        assertEquals(TestExecutionResult.Status.FAILED, loop.getStatus());
        assertEquals("your code did not finish within 1 s: is there an infinite loop?",
                loop.getThrowable().orElseThrow().getMessage());
        assertEquals(TestExecutionResult.Status.SUCCESSFUL, results.get("returns()").getStatus());
    }

    @Test
    @DisplayName("the jar sets the grader's limit of 10 s per test, each on its own thread")
    void theJarSetsTheGradersLimit() throws Exception {
        java.util.Properties properties = new java.util.Properties();
        try (var in = PerTestTimeLimit.class.getResourceAsStream("/junit-platform.properties")) {
            properties.load(in);
        }
        assertEquals("10 s", properties.getProperty(PerTestTimeLimit.LIMIT_PARAMETER));
        assertEquals("SEPARATE_THREAD", properties.getProperty("junit.jupiter.execution.timeout.thread.mode.default"));
        assertTrue(Boolean.parseBoolean(properties.getProperty("junit.jupiter.extensions.autodetection.enabled")));
        assertEquals("10 s", PerTestTimeLimit.inSeconds("10 s"));
        assertEquals("1.5 s", PerTestTimeLimit.inSeconds("1500 ms"));
    }
}
