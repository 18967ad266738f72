package dev.llmf.reference.backend;

import java.util.logging.Logger;

/**
 * Chooses the compute backend once per JVM from the system property {@code llmf.backend}
 * ({@code auto} by default, or {@code cpu}). Only the CPU backend exists so far, so {@code auto} means CPU; a
 * request for a backend that is not available falls back to the CPU with one log line that says why.
 */
public final class Backends {

    public static final String PROPERTY = "llmf.backend";

    private static final Logger LOG = Logger.getLogger(Backends.class.getName());
    private static volatile ComputeBackend selected;

    private Backends() {
    }

    /** The backend every reference component uses by default. */
    public static ComputeBackend current() {
        ComputeBackend backend = selected;
        if (backend == null) {
            synchronized (Backends.class) {
                if (selected == null) {
                    selected = choose(System.getProperty(PROPERTY, "auto"));
                }
                backend = selected;
            }
        }
        return backend;
    }

    static ComputeBackend choose(String requested) {
        String choice = requested.trim().toLowerCase(java.util.Locale.ROOT);
        if (!choice.equals("auto") && !choice.equals("cpu")) {
            LOG.warning(() -> "llmf.backend=" + requested + " is not available in this build (choices: auto, cpu);"
                    + " using the CPU backend");
        }
        return new CpuBackend();
    }
}
