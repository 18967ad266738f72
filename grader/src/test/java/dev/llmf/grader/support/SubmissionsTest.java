package dev.llmf.grader.support;

import dev.llmf.grader.grading.Exercise;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubmissionsTest {

    private static final String FILE = "dev/llmf/exercises/x/X.java";

    @TempDir
    Path dir;

    @Test
    @DisplayName("a bug.txt replaces each block's text, deletes with an empty 'with', and skips comments")
    void appliesBlocks() throws IOException {
        Map<String, String> sources = patch("""
                # the planted mistake
                file: %s
                --- replace
                    int b = 2;
                --- with
                --- end

                --- replace
                    return a + b;
                --- with
                    return a - b;
                --- end
                """, "class X {\n    int a = 1;\n    int b = 2;\n    int f() {\n    return a + b;\n    }\n}\n");
        assertEquals("class X {\n    int a = 1;\n    int f() {\n    return a - b;\n    }\n}\n", sources.get(FILE));
    }

    @Test
    @DisplayName("a replace text that is missing, or occurs twice, or a block without an end fails loudly")
    void failsLoudly() {
        String block = "file: %s\n--- replace\n    int a = 1;\n--- with\n    int a = 2;\n--- end\n";
        assertTrue(assertThrows(IllegalStateException.class, () -> patch(block, "class X {\n}\n")).getMessage()
                .contains("occurs nowhere"));
        assertTrue(assertThrows(IllegalStateException.class,
                () -> patch(block, "class X {\n    int a = 1;\n    int a = 1;\n}\n")).getMessage()
                .contains("more than once"));
        assertThrows(IllegalStateException.class, () -> patch(block.replace("--- end\n", ""), "    int a = 1;\n"));
        assertThrows(IllegalStateException.class, () -> patch(block.replace("%s", "Y.java"), "    int a = 1;\n"));
    }

    @Test
    @DisplayName("every exercise's three cases come together, the stub from the exercise and the bug from bug.txt")
    void everyCaseHasSources() {
        for (Exercise exercise : Exercise.values()) {
            String own = exercise.learnerClass().replace('.', '/') + ".java";
            Map<String, String> accepted = Submissions.sources(exercise.id(), "accepted");
            Map<String, String> stub = Submissions.sources(exercise.id(), "stub");
            Map<String, String> bug = Submissions.sources(exercise.id(), "planted-bug");
            assertEquals(accepted.keySet(), stub.keySet(), exercise.id());
            assertEquals(accepted.keySet(), bug.keySet(), exercise.id());
            assertTrue(stub.get(own).contains("TODO"), exercise.id() + ": the stub is the exercise's own");
            assertNotEquals(accepted.get(own), bug.get(own), exercise.id() + ": bug.txt changed nothing");
            accepted.keySet().stream().filter(k -> !k.equals(own))
                    .forEach(k -> assertEquals(accepted.get(k), bug.get(k), exercise.id() + ": " + k));
        }
    }

    @Test
    @DisplayName("every exercise has at least six planted bugs, each naming its cause, and two correct alternatives")
    void everyExerciseHasACorpus() {
        for (Exercise exercise : Exercise.values()) {
            String own = exercise.learnerClass().replace('.', '/') + ".java";
            Map<String, String> accepted = Submissions.sources(exercise.id(), "accepted");
            java.util.List<String> cases = Submissions.cases(exercise.id());
            java.util.List<String> bugs = cases.stream().filter(Submissions::isPlantedBug).toList();
            java.util.List<String> alternatives = cases.stream()
                    .filter(c -> c.startsWith(Submissions.ALTERNATIVE)).toList();
            assertTrue(bugs.size() >= 6, exercise.id() + " has only " + bugs.size() + " planted bugs: " + bugs);
            assertTrue(alternatives.size() >= 2, exercise.id() + " has only " + alternatives + " as alternatives");
            for (String bug : bugs) {
                assertTrue(Submissions.cause(exercise.id(), bug) != null, exercise.id() + "/" + bug + " has no cause:");
                assertNotEquals(accepted.get(own), Submissions.sources(exercise.id(), bug).get(own),
                        exercise.id() + "/" + bug + ": bug.txt changed nothing");
            }
            for (String alternative : alternatives) {
                assertNotEquals(accepted.get(own), Submissions.sources(exercise.id(), alternative).get(own),
                        exercise.id() + "/" + alternative + " is the accepted solution");
            }
        }
    }

    private Map<String, String> patch(String bug, String source) throws IOException {
        Path file = Files.writeString(dir.resolve("bug.txt"), bug.formatted(FILE));
        Map<String, String> sources = new HashMap<>(Map.of(FILE, source));
        Submissions.applyPatch(file, sources);
        return sources;
    }
}
