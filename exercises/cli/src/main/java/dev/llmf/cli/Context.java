package dev.llmf.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/**
 * Everything a command touches outside itself — streams, terminal, working folder, environment, the build it
 * launches, the clock it waits on — so tests can hand in their own.
 *
 * @param installDir the folder the running jar sits in (to find the course from outside it), or null
 * @param zone       the learner's time zone, for the dates {@code status} shows
 */
public record Context(PrintWriter out, PrintWriter err, BufferedReader in, Console console, boolean interactive,
                      Style style, Path cwd, Map<String, String> env, Path home, Path installDir,
                      BuildRunner builds, Duration pollInterval, Sleeper sleeper, ZoneId zone) {

    /** Waits; tests replace it to run polling loops quickly. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** The real terminal, environment and build. */
    public static Context system() {
        Console console = System.console();
        boolean interactive = console != null && console.isTerminal();
        var outCharset = System.out.charset();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), outCharset), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.err), System.err.charset()), true);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, stdinCharset()));
        Map<String, String> env = System.getenv();
        boolean color = interactive && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM"));
        return new Context(out, err, in, console, interactive, Style.forCharset(outCharset, color),
                Path.of("").toAbsolutePath(), env, Path.of(System.getProperty("user.home")), jarFolder(),
                new ProcessBuildRunner(), Duration.ofSeconds(1), d -> Thread.sleep(d), ZoneId.systemDefault());
    }

    private static java.nio.charset.Charset stdinCharset() {
        String name = System.getProperty("stdin.encoding");
        try {
            return name == null ? java.nio.charset.Charset.defaultCharset() : java.nio.charset.Charset.forName(name);
        } catch (RuntimeException e) {
            return java.nio.charset.Charset.defaultCharset();
        }
    }

    private static Path jarFolder() {
        try {
            var source = Llmf.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            Path p = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(p) ? p.getParent() : null;          // only when run from the jar
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
