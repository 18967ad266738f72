package dev.llmf.grader.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * <b>UNSAFE: for development machines only.</b> The same child JVM, harness and protocol as
 * {@link BubblewrapSandbox}, but without namespaces or cgroups: the learner's code runs as the grader's user, sees
 * the grader's files (hidden suites and reference included), the network and every other process. What it keeps:
 * a separate JVM (a runaway call is killed at its time limit), the JVM's own caps ({@code -Xmx}, stack, metaspace,
 * direct memory, exit on OutOfMemoryError, no attach, no native access), an empty environment, a scratch working
 * directory, and the checked protocol. Its {@link #describe()} says so. Never use it to grade code you did not
 * write.
 */
public final class ProcessSandbox extends JvmSandbox {

    @Override
    public String describe() {
        return "UNSAFE process sandbox (separate JVM with heap/stack/metaspace caps and per-call wall-clock limit;"
                + " NO file system, network, process or memory isolation)";
    }

    @Override
    Launch launch(Limits limits) throws IOException {
        Path harness = HarnessFiles.directory();
        Path scratch = HarnessFiles.createTempDirectory(HarnessFiles.CHILD_KIND);
        try {
            List<String> command = new ArrayList<>();
            command.add(javaExecutable().toString());
            command.addAll(jvmOptions(limits, scratch.toString()));
            command.add("-cp");
            command.add(classPath(contractLocation().toString(), harness.toString()));
            command.add(CHILD_MAIN);
            command.add(Integer.toString(limits.outputBytes()));
            ProcessBuilder builder = new ProcessBuilder(command).directory(scratch.toFile());
            builder.environment().clear();
            long spawn = System.nanoTime();
            Process process = builder.start();
            ChildProcess.Containment containment = new ChildProcess.Containment() {
                @Override
                public void killAll() {
                    // no cgroup: kill what we can still see (a child that setsid()s and re-parents escapes this)
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    try {
                        process.waitFor(2, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }

                @Override
                public boolean memoryLimitHit() {
                    return false;
                }

                @Override
                public void release() {
                    killAll();
                    HarnessFiles.deleteQuietly(scratch);
                }
            };
            return new Launch(process, containment, spawn);
        } catch (IOException | RuntimeException e) {
            HarnessFiles.deleteQuietly(scratch);
            throw e;
        }
    }
}
