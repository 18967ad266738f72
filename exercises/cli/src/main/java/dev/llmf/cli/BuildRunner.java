package dev.llmf.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Launches the Maven build that runs an exercise's public tests; tests replace it with a fake. */
@FunctionalInterface
public interface BuildRunner {

    /**
     * Runs {@code command} in {@code dir} with {@code extraEnv} added to the environment, handing every line it
     * prints (standard output and error together) to {@code lines}; returns its exit code.
     */
    int run(Path dir, List<String> command, Map<String, String> extraEnv, Consumer<String> lines)
            throws IOException, InterruptedException;
}
