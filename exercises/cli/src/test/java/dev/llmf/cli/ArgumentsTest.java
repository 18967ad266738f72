package dev.llmf.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArgumentsTest {

    @TempDir
    Path tmp;

    @Test
    void noCommandIsAUsageError() throws IOException {
        Harness h = new Harness(tmp);
        assertEquals(2, h.run());
        assertTrue(h.err().contains("name a command: check, login, submit or status"), h.err());
        assertTrue(h.err().contains("Usage: llmf"), h.err());
    }

    @Test
    void anUnknownCommandOrOptionIsAUsageError() throws IOException {
        Harness h = new Harness(tmp);
        assertEquals(2, h.run("grade", "tokenizer"));
        assertEquals(2, h.run("check", "--frobnicate"));
        assertEquals(2, h.run("check", "tokenizer", "attention"));
        assertEquals(2, h.run("submit", "--timeout", "soon", "tokenizer"));
        assertEquals(2, h.run("submit", "--timeout", "0", "tokenizer"));
    }

    @Test
    void helpAndVersion() throws IOException {
        Harness h = new Harness(tmp);
        assertEquals(0, h.run("--help"));
        assertTrue(h.out().contains("check") && h.out().contains("login") && h.out().contains("submit")
                && h.out().contains("status"), h.out());
        assertEquals(0, h.run("submit", "--help"));
        assertTrue(h.out().contains("--timeout=SECONDS"), h.out());
        assertEquals(0, h.run("--version"));
        assertTrue(h.out().contains("llmf 0.1.0"), h.out());
    }

    @Test
    void courseFolderAndTheExerciseYouAreIn() throws IOException {
        Path course = Harness.course(tmp.resolve("c"), Map.of());
        assertEquals(course, CourseFolder.findFrom(course.resolve("exercises/02-tokenizer/src/main")).orElseThrow());
        assertEquals(Exercise.TOKENIZER,
                CourseFolder.exerciseAt(course.resolve("exercises/02-tokenizer/src/main"), course).orElseThrow());
        assertTrue(CourseFolder.exerciseAt(course.resolve("exercises"), course).isEmpty());
        assertTrue(CourseFolder.exerciseAt(course, course).isEmpty());
        assertTrue(CourseFolder.exerciseAt(course.resolve("exercises/tokenizer"), course).isEmpty());
        assertTrue(CourseFolder.findFrom(tmp.resolve("nowhere")).isEmpty());
    }

    @Test
    void configLocation() {
        Path home = Path.of("/home/ada");
        assertEquals(Path.of("/x/c.properties"), Config.location(Map.of("LLMF_CONFIG", "/x/c.properties"), home));
        assertEquals(Path.of("/xdg/llmf/config.properties"), Config.location(Map.of("XDG_CONFIG_HOME", "/xdg"), home));
        assertEquals(Path.of("/home/ada/.config/llmf/config.properties"), Config.location(Map.of(), home));
    }
}
