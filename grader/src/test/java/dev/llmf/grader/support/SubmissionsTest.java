package dev.llmf.grader.support;

import dev.llmf.grader.grading.Exercise;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
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
    @DisplayName("every exercise's cases come together: the stub from the exercise, bugs from bug.txt, alternatives from their folder")
    void everyCaseHasSources() {
        for (Exercise exercise : Exercise.values()) {
            String own = exercise.learnerClass().replace('.', '/') + ".java";
            Map<String, String> accepted = Submissions.sources(exercise.id(), "accepted");
            Map<String, String> stub = Submissions.sources(exercise.id(), "stub");
            assertEquals(accepted.keySet(), stub.keySet(), exercise.id());
            assertTrue(stub.get(own).contains("TODO"), exercise.id() + ": the stub is the exercise's own");
            for (String kase : Submissions.cases(exercise.id())) {
                if (kase.equals("accepted") || kase.equals("stub")) {
                    continue;
                }
                Map<String, String> other = Submissions.sources(exercise.id(), kase);
                String which = exercise.id() + "/" + kase;
                assertEquals(accepted.keySet(), other.keySet(), which);
                assertNotEquals(accepted.get(own), other.get(own), which + ": the same code as accepted");
                accepted.keySet().stream().filter(k -> !k.equals(own))
                        .forEach(k -> assertEquals(accepted.get(k), other.get(k), which + ": " + k));
            }
        }
    }

    @Test
    @DisplayName("extra cases are the folders accepted-<name> and planted-bug-<name>, after the three every exercise has")
    void extraCases() {
        List<String> training = Submissions.cases("training");
        assertEquals(Submissions.CASES, training.subList(0, 3));
        assertTrue(training.contains("planted-bug-l2-decay"), training.toString());
        assertTrue(training.contains("accepted-pytorch-style"), training.toString());
        assertEquals(Submissions.CASES, Submissions.cases("tensors"));
        assertTrue(Submissions.isAccepted("accepted-pytorch-style") && !Submissions.isAccepted("stub"));
        assertTrue(Submissions.isPlantedBug("planted-bug-l2-decay") && !Submissions.isPlantedBug("accepted"));
        assertThrows(IllegalArgumentException.class, () -> Submissions.folder("training", "../tensors"));
        assertThrows(IllegalArgumentException.class, () -> Submissions.expectedFailures("training", "accepted"));
    }

    private Map<String, String> patch(String bug, String source) throws IOException {
        Path file = Files.writeString(dir.resolve("bug.txt"), bug.formatted(FILE));
        Map<String, String> sources = new HashMap<>(Map.of(FILE, source));
        Submissions.applyPatch(file, sources);
        return sources;
    }
}
