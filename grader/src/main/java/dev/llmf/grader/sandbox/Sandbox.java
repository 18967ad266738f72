package dev.llmf.grader.sandbox;

import java.nio.file.Path;

/**
 * Runs a learner's compiled classes in a separate, locked-down JVM. The grader never loads learner code itself:
 * it talks to the child through {@link SandboxSession#implementation proxies} of the contract interfaces, and
 * every argument and result crosses a pipe as plain data.
 */
public interface Sandbox {

    /**
     * Starts a child JVM that can load the classes under {@code compiledClasses} (and the contract), nothing else.
     *
     * @throws SandboxUnavailableException if the OS sandbox cannot be set up on this machine
     */
    SandboxSession open(Path compiledClasses, Limits limits);

    /** One line for logs and the health check, e.g. "bubblewrap + cgroup v1 (memory, pids)". */
    String describe();
}
