package dev.llmf.grader.bench;

import dev.llmf.grader.grading.Exercise;
import dev.llmf.grader.grading.SubmissionCompiler;
import dev.llmf.grader.grading.SuiteRunner;
import dev.llmf.grader.grading.TestOutcome;
import dev.llmf.grader.sandbox.Limits;
import dev.llmf.grader.sandbox.Sandbox;
import dev.llmf.grader.sandbox.SandboxSession;
import dev.llmf.grader.sandbox.Sandboxes;
import dev.llmf.grader.sandbox.TempFolders;
import dev.llmf.grader.suites.Grading;
import dev.llmf.grader.support.Submissions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where one grading's time goes, outside Quarkus and the database: each exercise's accepted solution graded
 * {@code runs} times in a row on one thread (after warm-up rounds), split into compile, sandbox open (spawn → hello),
 * the suite and close, with the CPU the grader process and its children (the sandboxed JVMs) spent. Not a test: a
 * program run by hand, e.g.
 * <pre>
 * java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *   -cp grader/target/classes:grader/target/test-classes:$(cat grader/target/deps.cp) \
 *   dev.llmf.grader.bench.GradingProfile 5 2
 * </pre>
 * ({@code -Dprofile.prestarted=N}: N children started ahead, as the grader keeps them; default none, so that
 * "open" shows a child's whole start.)
 */
public final class GradingProfile {

    private GradingProfile() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Sandbox sandbox = Sandboxes.create(args.length > 2 ? args[2] : "bubblewrap");
        int prestarted = Integer.getInteger("profile.prestarted", 0);   // the grader's default: one per CPU
        if (sandbox instanceof dev.llmf.grader.sandbox.JvmSandbox jvm) {
            jvm.prestart(prestarted);
        }
        SubmissionCompiler compiler = new SubmissionCompiler();
        SuiteRunner runner = new SuiteRunner();
        // the grader's defaults (GraderConfig.Sandbox)
        Limits limits = new Limits(java.time.Duration.ofSeconds(10), 256, 640, 64, 65536, java.time.Duration.ofSeconds(20));
        Map<Exercise, long[]> totals = new EnumMap<>(Exercise.class);
        for (int round = 0; round < warmUp + runs; round++) {
            for (Exercise e : Exercise.values()) {
                Map<String, String> sources = Submissions.sources(e.id(), "accepted");
                Path work = TempFolders.create("work", "profile");
                List<long[]> marks = new ArrayList<>();
                marks.add(mark());
                Path classes = Files.createDirectories(work.resolve("classes"));
                if (!compiler.compile(sources, classes).success()) {
                    throw new IllegalStateException(e.id() + " does not compile");
                }
                marks.add(mark());
                SandboxSession session = sandbox.open(classes, limits);
                marks.add(mark());
                List<TestOutcome> outcomes = runner.run(new Grading(e, session, 42));
                marks.add(mark());
                session.close();
                TempFolders.deleteQuietly(work);
                marks.add(mark());
                if (outcomes.stream().anyMatch(o -> !o.passed())) {
                    throw new IllegalStateException(e.id() + " failed: " + outcomes);
                }
                if (round >= warmUp) {
                    long[] t = totals.computeIfAbsent(e, x -> new long[3 * STAGES.length]);
                    for (int stage = 0; stage < STAGES.length; stage++) {
                        long[] from = marks.get(stage == STAGES.length - 1 ? 0 : stage);
                        long[] to = marks.get(stage == STAGES.length - 1 ? marks.size() - 1 : stage + 1);
                        for (int k = 0; k < 2; k++) {
                            t[stage * 3 + k] += to[k] - from[k];
                        }
                        // the children die at close: their CPU is what they had used by the end of the suite
                        t[stage * 3 + 2] += stage == 3 ? 0 : stage == 4 ? marks.get(3)[2] : to[2] - from[2];
                    }
                }
            }
        }
        StringBuilder header = new StringBuilder("exercise");
        for (String stage : STAGES) {
            header.append(" | ").append(stage).append(" wall/grader CPU/children CPU ms");
        }
        System.out.println(header);
        long[] all = new long[3 * STAGES.length];
        for (Map.Entry<Exercise, long[]> row : totals.entrySet()) {
            print(row.getKey().id(), row.getValue(), runs);
            for (int i = 0; i < all.length; i++) {
                all[i] += row.getValue()[i];
            }
        }
        print("mean of all", all, runs * totals.size());
        System.exit(0);
    }

    private static final String[] STAGES = {"compile", "open", "suite", "close", "total"};

    /** {wall, this process's CPU, its children's CPU} now, in nanoseconds. */
    private static long[] mark() throws Exception {
        long[] cpu = cpu();
        return new long[] {System.nanoTime(), cpu[0], cpu[1]};
    }

    private static void print(String name, long[] t, int n) {
        StringBuilder line = new StringBuilder(name);
        for (int i = 0; i < t.length; i += 3) {
            line.append(String.format(" | %.0f/%.0f/%.0f", t[i] / 1e6 / n, t[i + 1] / 1e6 / n, t[i + 2] / 1e6 / n));
        }
        System.out.println(line);
    }

    /**
     * {this process's user+system CPU, its living descendants'} in nanoseconds. The descendants (the sandbox's
     * launcher, bwrap and the child JVM) are read from {@code /proc} while they live: they are killed rather than
     * reaped, so they never show in this process's children's times.
     */
    private static long[] cpu() {
        long self = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
        long children = ProcessHandle.current().descendants().mapToLong(GradingProfile::cpuNanos).sum();
        return new long[] {self, children};
    }

    /** utime + stime of a process from {@code /proc/<pid>/stat}, in nanoseconds (0 if it is gone). */
    private static long cpuNanos(ProcessHandle p) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;   // fields 14, 15; USER_HZ 100
        } catch (Exception e) {
            return 0;
        }
    }
}
