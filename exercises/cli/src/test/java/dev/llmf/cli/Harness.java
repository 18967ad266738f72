package dev.llmf.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A {@link Context} for tests: captured output, given input and environment, a fake build, no real waiting. */
final class Harness {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final Map<String, String> env = new HashMap<>();
    String stdin = "";
    Path cwd;
    Path home;
    BuildRunner builds = (dir, cmd, extraEnv, lines) -> {
        throw new AssertionError("this test runs no build");
    };
    int sleeps;

    Harness(Path tmp) throws IOException {
        this.home = Files.createDirectories(tmp.resolve("home"));
        this.cwd = tmp;
        env.put("LLMF_CONFIG", tmp.resolve("cfg").resolve("config.properties").toString());
    }

    Context context() {
        return new Context(new PrintWriter(out, true), new PrintWriter(err, true),
                new BufferedReader(new StringReader(stdin)), null, false, new Style(true, false), cwd, env, home, null,
                builds, Duration.ofMillis(1), d -> sleeps++, java.time.ZoneOffset.UTC);
    }

    int run(String... args) {
        return Llmf.run(context(), args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    Path configFile() {
        return Path.of(env.get("LLMF_CONFIG"));
    }

    void saveConfig(String server, String token) {
        new Config(configFile(), server, token, "learner").save();
    }

    /** A course folder: mvnw, and exercises/NN-x/src/main/java with the given files (path → content). */
    static Path course(Path root, Map<String, String> files) throws IOException {
        Files.createDirectories(root.resolve("exercises"));
        Files.writeString(root.resolve("mvnw"), "#!/bin/sh\nexit 99\n", StandardCharsets.UTF_8);
        for (Exercise e : Exercise.values()) {
            Files.createDirectories(root.resolve("exercises").resolve(e.folder()));
        }
        for (var f : files.entrySet()) {
            Path p = root.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
        }
        return root;
    }

    static Map<String, String> map(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
