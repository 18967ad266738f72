package dev.llmf.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckCommandTest {

    @TempDir
    Path tmp;
    Path course;
    Harness h;
    final List<List<String>> launched = new ArrayList<>();
    final List<Path> launchedIn = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        course = Harness.course(tmp.resolve("course"), Map.of());
        h = new Harness(tmp);
        h.cwd = course;
    }

    /** A build that prints {@code lines}, writes {@code report} (if any) where Surefire would, and exits with {@code exit}. */
    void fakeBuild(String folder, String report, int exit, String... lines) {
        h.builds = (dir, cmd, env, out) -> {
            launched.add(cmd);
            launchedIn.add(dir);
            for (String l : lines) {
                out.accept(l);
            }
            if (report != null) {
                Path reports = dir.resolve("exercises").resolve(folder).resolve("target").resolve("surefire-reports");
                Files.createDirectories(reports);
                Files.writeString(reports.resolve("TEST-dev.llmf.Some.xml"), report);
            }
            return exit;
        };
    }

    @Test
    void runsTheSelfCheckOfThatExerciseAndSummarisesIt() throws IOException {
        fakeBuild("02-tokenizer", TestReportTest.SAMPLE, 0, "some maven output");
        int code = h.run("check", "tokenizer");
        assertEquals(1, code, h.out() + h.err());
        assertEquals(List.of(course), launchedIn);
        List<String> cmd = launched.getFirst();
        assertTrue(cmd.contains(course.resolve("mvnw").toString()), cmd.toString());
        assertEquals(List.of("-q", "test", "-Dllmf.selfcheck", "-Dmaven.test.failure.ignore=true",
                "-pl", "exercises/02-tokenizer", "-am"), cmd.subList(cmd.size() - 7, cmd.size()));
        String out = h.out();
        assertTrue(out.contains("Exercise 2 · tokenizer: running the public tests (offline)"), out);
        assertTrue(out.contains("✘ encode_roundTrip"), out);
        assertTrue(out.contains("1 passed, 2 failed, 1 not yet implemented, 1 skipped (5 tests)"), out);
        assertTrue(out.contains("Fix what failed and run `./llmf check tokenizer` again"), out);
        assertFalse(out.contains("some maven output"), "Maven's output goes to the log only");
        Path log = course.resolve("exercises/02-tokenizer/target/llmf-check.log");
        assertEquals("some maven output\n", Files.readString(log).replace("\r\n", "\n"));
    }

    @Test
    void allImplementedAndPassingExitsZero() {
        fakeBuild("04-attention", """
                <testsuite name="A"><testcase name="one" classname="A"/><testcase name="two" classname="A"/></testsuite>
                """, 0);
        assertEquals(0, h.run("check", "4"), h.out() + h.err());
        assertTrue(h.out().contains("2 passed, 0 failed (2 tests)"), h.out());
        assertTrue(h.out().contains("All public tests pass"), h.out());
        assertTrue(launched.getFirst().contains("exercises/04-attention"));
    }

    @Test
    void anUntouchedStubIsNotAFailure() {
        fakeBuild("01-tensors", """
                <testsuite name="A"><testcase name="one" classname="A">
                <skipped type="org.opentest4j.TestAbortedException"><![CDATA[org.opentest4j.TestAbortedException: not yet implemented — TODO: x]]></skipped>
                </testcase></testsuite>
                """, 0);
        assertEquals(0, h.run("check", "01-tensors"));
        assertTrue(h.out().contains("○ one — not yet implemented"), h.out());
        assertTrue(h.out().contains("0 passed, 0 failed, 1 not yet implemented (1 test)"), h.out());
    }

    @Test
    void aCompileErrorShowsMavensErrorsNotAStackTrace() {
        String src = course.resolve("exercises/02-tokenizer/src/main/java/X.java").toString();
        fakeBuild("02-tokenizer", null, 1,
                "[ERROR] COMPILATION ERROR : ",
                "[ERROR] " + src + ":[3,9] cannot find symbol",
                "  symbol:   class Foo",
                "[ERROR] Failed to execute goal ... -> [Help 1]",
                "[ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.");
        assertEquals(1, h.run("check", "tokenizer"));
        String out = h.out();
        assertTrue(out.contains("The build failed before the tests ran"), out);
        assertTrue(out.contains("  exercises/02-tokenizer/src/main/java/X.java:[3,9] cannot find symbol"), out);
        assertFalse(out.contains("full stack trace"), out);
        assertTrue(out.contains("Maven's full output: exercises/02-tokenizer/target/llmf-check.log"), out);
    }

    @Test
    void reportsOfAnEarlierRunAreNotReadAgain() throws IOException {
        Path reports = Files.createDirectories(course.resolve("exercises/06-sampler/target/surefire-reports"));
        Files.writeString(reports.resolve("TEST-old.xml"), "<testsuite><testcase name=\"old\" classname=\"A\"/></testsuite>");
        fakeBuild("06-sampler", null, 0);
        assertEquals(1, h.run("check", "sampler"));
        assertTrue(h.out().contains("wrote no test reports"), h.out());
        assertFalse(Files.exists(reports.resolve("TEST-old.xml")));
    }

    @Test
    void withoutAnExerciseItUsesTheFolderYouAreIn() throws IOException {
        h.cwd = Files.createDirectories(course.resolve("exercises/05-transformer-block/src/main/java"));
        fakeBuild("05-transformer-block", "<testsuite><testcase name=\"t\" classname=\"A\"/></testsuite>", 0);
        assertEquals(0, h.run("check"), h.out() + h.err());
        assertTrue(launched.getFirst().contains("exercises/05-transformer-block"));
    }

    @Test
    void withoutAnExerciseOutsideOneIsAUsageError() {
        assertEquals(2, h.run("check"));
        assertTrue(h.err().contains("name an exercise"), h.err());
        assertTrue(launched.isEmpty());
    }

    @Test
    void anUnknownExerciseListsTheValidOnes() {
        assertEquals(2, h.run("check", "tokeniser"));
        assertTrue(h.err().contains("llmf: unknown exercise 'tokeniser': use one of tensors (1), tokenizer (2)"), h.err());
        assertTrue(launched.isEmpty());
    }

    @Test
    void outsideTheCourseSaysSo() throws IOException {
        h.cwd = Files.createDirectories(tmp.resolve("elsewhere"));
        assertEquals(1, h.run("check", "tokenizer"));
        assertTrue(h.err().contains("cannot find the course folder"), h.err());
    }

    @Test
    void findsTheCourseFromASubfolder() throws IOException {
        h.cwd = Files.createDirectories(course.resolve("exercises/02-tokenizer/src"));
        fakeBuild("03-embeddings", "<testsuite><testcase name=\"t\" classname=\"A\"/></testsuite>", 0);
        assertEquals(0, h.run("check", "embeddings"), h.out() + h.err());
        assertEquals(List.of(course), launchedIn);
    }
}
