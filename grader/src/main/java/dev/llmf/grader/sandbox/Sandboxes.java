package dev.llmf.grader.sandbox;

import java.util.Locale;
import java.util.Optional;

/** Picks the sandbox from a configuration value. */
public final class Sandboxes {

    private static final System.Logger LOG = System.getLogger(Sandboxes.class.getName());

    private Sandboxes() {
    }

    /**
     * The sandbox for {@code mode}:
     * <ul>
     *   <li>{@code bubblewrap}: {@link BubblewrapSandbox}; throws {@link SandboxUnavailableException} (with the
     *       reason) if it does not work here: the grader must then refuse to grade;</li>
     *   <li>{@code process}: {@link ProcessSandbox}, UNSAFE, for development machines without bubblewrap;</li>
     *   <li>{@code auto}: bubblewrap if it works, else the process sandbox with a loud warning in the log.</li>
     * </ul>
     */
    public static Sandbox create(String mode) {
        String m = mode == null ? "" : mode.trim().toLowerCase(Locale.ROOT);
        switch (m) {
            case "bubblewrap", "bwrap" -> {
                return new BubblewrapSandbox();
            }
            case "process" -> {
                LOG.log(System.Logger.Level.WARNING, "WARNING: sandbox mode 'process': learner code is NOT isolated"
                        + " (it can read the grader's files and reach the network). Use it on development machines"
                        + " only.");
                return new ProcessSandbox();
            }
            case "auto" -> {
                Optional<String> problem = BubblewrapSandbox.unavailableReason();
                if (problem.isEmpty()) {
                    return new BubblewrapSandbox();
                }
                LOG.log(System.Logger.Level.WARNING, "WARNING: bubblewrap sandbox unavailable (" + problem.get()
                        + "); falling back to the process sandbox: learner code is NOT isolated (it can read the"
                        + " grader's files, the hidden suites and the reference, and reach the network)."
                        + " Do not grade untrusted code on this machine.");
                return new ProcessSandbox();
            }
            default -> throw new IllegalArgumentException("unknown sandbox mode '" + mode
                    + "' (expected bubblewrap, process or auto)");
        }
    }
}
