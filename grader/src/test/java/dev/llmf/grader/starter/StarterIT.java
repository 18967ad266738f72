package dev.llmf.grader.starter;

import dev.llmf.grader.support.GraderProcess;
import dev.llmf.grader.support.Shell;
import dev.llmf.grader.support.Submissions;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The learner's first hour, from the starter the packaged grader hands out: unpacked alone into an empty folder,
 * it holds nothing secret, its public tests run with only a JDK 25 and Maven Central, and what it submits is graded.
 */
class StarterIT {

    private static final String TENSORS_STUB = "exercises/01-tensors/src/main/java/dev/llmf/exercises/tensors/TensorOps.java";

    @TempDir
    Path tmp;

    @Test
    @DisplayName("the downloaded starter holds no answers, checks offline, and submits for a full score")
    void aLearnerWorksFromTheDownloadedStarterAlone() throws Exception {
        try (GraderProcess grader = GraderProcess.withFreshDatabase()) {
            grader.start();
            HttpResponse<byte[]> download = grader.get(grader.signInAsDemoLearner(), "/api/starter");
            assertEquals(200, download.statusCode(), () -> new String(download.body()));
            assertEquals("attachment; filename=\"llmf-starter.zip\"",
                    download.headers().firstValue("Content-Disposition").orElse(""));

            Path empty = Files.createDirectory(tmp.resolve("empty"));
            unzip(download.body(), empty);
            Path starter = empty.resolve("llmf-starter");
            assertEquals(List.of("llmf-starter"), Files.list(empty).map(p -> p.getFileName().toString()).toList());
            assertNothingSecretIn(starter);
            String settings = Files.readString(starter.resolve(".llmf/course.properties"));
            assertTrue(settings.contains("server=" + grader.baseUrl() + "\n") && settings.contains("username=learner\n"), settings);

            Shell learner = new Shell(starter, Map.of("LLMF_CONFIG", tmp.resolve("config/config.properties").toString()));
            Shell.Result untouched = learner.run("./llmf check tensors", "");
            assertEquals(0, untouched.exitCode(), untouched.output());
            int tests = count("not yet implemented \\((\\d+) tests\\)", untouched.output());
            assertTrue(tests >= 10, untouched.output());
            assertTrue(untouched.output().contains("0 passed, 0 failed, " + tests + " not yet implemented"), untouched.output());
            assertTrue(untouched.output().contains("○ matmul of a [2, 3] and a [3, 2] matrix gives the [2, 2] matrix"
                    + " of row-by-column dot products — not yet implemented"), "tests named by their sentence: " + untouched.output());

            String stub = Files.readString(starter.resolve(TENSORS_STUB));
            learner.write(TENSORS_STUB, stub.replaceFirst("(public Tensor softmax\\(Tensor (\\w+)\\)\\s*\\{)",
                    "$1 if ($2.numel() == 2) { long n = 0; while (n >= 0) { n = (n + 1) & Long.MAX_VALUE; } }"));
            Shell.Result looping = learner.run("./llmf check tensors", "");
            assertTrue(looping.output().contains("your code did not finish within 10 s: is there an infinite loop?"),
                    "a public test with an endless loop stops after the grader's limit: " + looping.output());
            assertTrue(looping.output().contains("0 passed, 1 failed, " + (tests - 1) + " not yet implemented"),
                    "the other tests still ran: " + looping.output());

            learner.write(TENSORS_STUB, Submissions.sources("tensors", "accepted").get("dev/llmf/exercises/tensors/TensorOps.java"));
            Shell.Result solved = learner.run("./llmf check tensors", "");
            assertEquals(0, solved.exitCode(), solved.output());
            assertTrue(solved.output().contains(tests + " passed, 0 failed (" + tests + " tests)"), solved.output());

            Shell.Result login = learner.run("./llmf login", "\n" + grader.demoLearnerPassword() + "\n");
            assertEquals(0, login.exitCode(), login.output());
            assertTrue(login.output().contains("Logged in to " + grader.baseUrl() + " as learner"), login.output());

            Shell.Result submit = learner.run("./llmf submit tensors", "");
            assertEquals(0, submit.exitCode(), submit.output());
            assertTrue(Pattern.compile("Score: (\\d+)/\\1 \\(100%\\)").matcher(submit.output()).find(), submit.output());
            assertTrue(submit.output().contains("Feedback and figures: " + grader.baseUrl() + "/submissions/"), submit.output());

            Shell.Result status = learner.run("./llmf status", "");
            assertEquals(0, status.exitCode(), status.output());
            assertTrue(status.output().contains("1  tensors"), status.output());
        }
    }

    private static void assertNothingSecretIn(Path starter) throws IOException {
        assertEquals(List.of(), StarterSecrets.findIn(starter));
        assertTrue(StarterSecrets.searchable(starter).stream().anyMatch(f -> f.path().endsWith("TensorOps.java")),
                "the scan read the starter");
    }

    private static int count(String regex, String text) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no " + regex + " in:\n" + text);
        return Integer.parseInt(m.group(1));
    }

    /** As {@code unzip} does: folders made, Unix modes kept (so {@code ./llmf} and {@code ./mvnw} run). */
    private static void unzip(byte[] zip, Path into) throws IOException {
        try (ZipFile z = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(zip)).get()) {
            for (ZipArchiveEntry e : Collections.list(z.getEntries())) {
                Path out = into.resolve(e.getName()).normalize();
                assertTrue(out.startsWith(into), "entry escapes the folder: " + e.getName());
                Files.createDirectories(out.getParent());
                try (InputStream in = z.getInputStream(e)) {
                    Files.copy(in, out);
                }
                if ((e.getUnixMode() & 0100) != 0) {
                    Files.setPosixFilePermissions(out, Set.of(PosixFilePermission.OWNER_READ,
                            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
                }
            }
        }
    }
}
