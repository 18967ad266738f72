package dev.llmf.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The real {@link BuildRunner}: a child process. */
public final class ProcessBuildRunner implements BuildRunner {

    @Override
    public int run(Path dir, List<String> command, Map<String, String> extraEnv, Consumer<String> lines)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(extraEnv);
        Process p = pb.start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), Charset.defaultCharset()))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.accept(line);
            }
            return p.waitFor();
        } finally {
            if (p.isAlive()) {                   // interrupted (Ctrl-C reaches the child on its own)
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
            }
        }
    }
}
