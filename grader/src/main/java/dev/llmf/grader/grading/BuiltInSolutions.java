package dev.llmf.grader.grading;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each exercise's accepted solution, packed into the grader from the tests' sample submissions
 * ({@code src/test/resources/submissions/<exercise>/accepted}): what the grader grades when it warms up. A solution
 * is the exercise's own class plus the accepted classes of the earlier exercises it calls ({@link #USES}).
 */
public final class BuiltInSolutions {

    /** The earlier exercises whose classes an exercise's accepted classes call, directly or through one another. */
    public static final Map<Exercise, List<Exercise>> USES = Map.of(
            Exercise.ATTENTION, List.of(Exercise.TENSORS),
            Exercise.TRANSFORMER_BLOCK, List.of(Exercise.TENSORS, Exercise.ATTENTION),
            Exercise.MINI_GPT, List.of(Exercise.TENSORS, Exercise.EMBEDDINGS, Exercise.ATTENTION,
                    Exercise.TRANSFORMER_BLOCK, Exercise.SAMPLER));

    private BuiltInSolutions() {
    }

    /** The accepted solution of {@code exercise} as a submission: source path → text. */
    public static Map<String, String> sources(Exercise exercise) {
        Map<String, String> sources = new TreeMap<>();
        for (Exercise used : USES.getOrDefault(exercise, List.of())) {
            put(used, sources);
        }
        put(exercise, sources);
        return sources;
    }

    private static void put(Exercise exercise, Map<String, String> sources) {
        String path = exercise.learnerClass().replace('.', '/') + ".java";
        String resource = "warm-up/" + exercise.id() + "/accepted/" + path;
        try (InputStream in = BuiltInSolutions.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the grader was built without " + resource);
            }
            sources.put(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
