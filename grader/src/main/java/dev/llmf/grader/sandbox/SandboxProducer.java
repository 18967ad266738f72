package dev.llmf.grader.sandbox;

import dev.llmf.grader.GraderConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/** The sandbox the grader uses, chosen by {@code llmf.sandbox.mode}. */
@ApplicationScoped
public class SandboxProducer {

    private static final Logger LOG = Logger.getLogger(SandboxProducer.class);

    @Produces
    @ApplicationScoped
    Sandbox sandbox(GraderConfig config) {
        try {
            Sandbox sandbox = Sandboxes.create(config.sandbox().mode());
            if (sandbox instanceof JvmSandbox jvm) {
                jvm.prestart(config.sandbox().prestarted().orElse(Runtime.getRuntime().availableProcessors()));
            }
            return sandbox;
        } catch (SandboxUnavailableException e) {
            LOG.errorf("SANDBOX UNAVAILABLE — submissions will not be graded: %s", e.getMessage());
            return new Sandbox() {
                @Override
                public SandboxSession open(java.nio.file.Path compiledClasses, Limits limits) {
                    throw e;
                }

                @Override
                public String describe() {
                    return "unavailable: " + e.getMessage();
                }
            };
        }
    }

    /** When the application stops (also in tests, where the JVM lives on): the children started ahead go. */
    void close(@Disposes Sandbox sandbox) {
        if (sandbox instanceof JvmSandbox jvm) {
            jvm.stopPrestarting();
        }
    }
}
