package dev.llmf.grader.sandbox;

import dev.llmf.contract.Tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * How long a grader waits for a fresh sandboxed child: {@code open} a session on the corpus, create one instance
 * ({@code learner.Echo}), call it once, close. Two figures per child, in milliseconds:
 * <ul>
 *   <li><b>spawn → first call</b>: the session's own clock, from the child's spawn to the end of its first answered
 *       call (the instance creation);</li>
 *   <li><b>open → first answer</b>: this program's clock around {@code open} and the first call, so everything the
 *       sandbox does before the spawn (cgroups, files it writes) counts too.</li>
 * </ul>
 * Not a test (no timed assertion anywhere): a program, run by hand on a quiet machine, e.g.
 * <pre>
 * ./mvnw -q test-compile dependency:build-classpath -pl grader -am -Dmdep.outputFile=target/deps.cp
 * java --enable-native-access=ALL-UNNAMED \
 *   -cp grader/target/classes:grader/target/test-classes:$(cat grader/target/deps.cp) \
 *   dev.llmf.grader.sandbox.SandboxStartBench bubblewrap 40 5
 * </pre>
 * (mode, measured children, warm-up children not counted). It prints one line of percentiles per figure.
 */
public final class SandboxStartBench {

    private SandboxStartBench() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "bubblewrap";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path dir = Files.createTempDirectory("llmf-bench-");
        try {
            Path classes = Corpus.compile(dir.resolve("classes"), 1, List.of());
            Sandbox sandbox = Sandboxes.create(mode);
            List<Long> spawnToFirstCall = new ArrayList<>();
            List<Long> openToFirstAnswer = new ArrayList<>();
            for (int i = 0; i < warmUp + runs; i++) {
                long open = System.nanoTime();
                try (JvmSession session = (JvmSession) sandbox.open(classes, Limits.defaults())) {
                    Tokenizer echo = session.implementation(Tokenizer.class, "learner.Echo");
                    long answered = System.nanoTime();
                    if (!"echo 0".equals(echo.decode(new int[0]))) {
                        throw new IllegalStateException("the echo probe answered wrongly");
                    }
                    if (i >= warmUp) {
                        spawnToFirstCall.addAll(session.firstCallNanos());
                        openToFirstAnswer.add(answered - open);
                    }
                }
            }
            System.out.println("sandbox: " + sandbox.describe());
            print("spawn -> first call", spawnToFirstCall);
            print("open -> first answer", openToFirstAnswer);
        } finally {
            HarnessFiles.deleteQuietly(dir);
        }
    }

    private static void print(String what, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        System.out.printf("%-22s n=%d  min %.1f  p50 %.1f  p90 %.1f  max %.1f ms%n", what, sorted.size(),
                sorted.getFirst() / 1e6, sorted.get(sorted.size() / 2) / 1e6,
                sorted.get(Math.min(sorted.size() - 1, sorted.size() * 9 / 10)) / 1e6, sorted.getLast() / 1e6);
    }
}
