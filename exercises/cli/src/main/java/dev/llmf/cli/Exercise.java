package dev.llmf.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The course's exercises, in order: the id the grader knows them by, their folder under {@code exercises/}, and the
 * earlier exercises whose classes they use (the grader compiles those together with the exercise's own).
 */
public enum Exercise {
    TENSORS(1, "tensors", "01-tensors"),
    TOKENIZER(2, "tokenizer", "02-tokenizer"),
    EMBEDDINGS(3, "embeddings", "03-embeddings"),
    ATTENTION(4, "attention", "04-attention", 1),
    TRANSFORMER_BLOCK(5, "transformer-block", "05-transformer-block", 4, 1),
    SAMPLER(6, "sampler", "06-sampler"),
    MINI_GPT(7, "mini-gpt", "07-mini-gpt", 1, 3, 4, 5, 6),
    TRAINING(8, "training", "08-training");

    private final int number;
    private final String id;
    private final String folder;
    private final int[] uses;

    Exercise(int number, String id, String folder, int... uses) {
        this.number = number;
        this.id = id;
        this.folder = folder;
        this.uses = uses;
    }

    /** Position in the course, from 1. */
    public int number() {
        return number;
    }

    /** The id the grader's API uses, e.g. {@code transformer-block}. */
    public String id() {
        return id;
    }

    /** The folder under {@code exercises/}, e.g. {@code 05-transformer-block}. */
    public String folder() {
        return folder;
    }

    /** The earlier exercises whose main sources are submitted along with this one's (all of them, not only direct). */
    public List<Exercise> uses() {
        return Arrays.stream(uses).mapToObj(Exercise::byNumber).toList();
    }

    /** e.g. {@code 2 · tokenizer}. */
    public String label(Style style) {
        return number + " " + style.dot() + " " + id;
    }

    private static Exercise byNumber(int n) {
        return values()[n - 1];
    }

    /**
     * Accepts the id ({@code tokenizer}), the number ({@code 2} or {@code 02}) and the folder name
     * ({@code 02-tokenizer}, also as {@code exercises/02-tokenizer/}), in any case.
     */
    public static Optional<Exercise> find(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip().replace('\\', '/').toLowerCase(Locale.ROOT);
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.startsWith("./")) {
            t = t.substring(2);
        }
        if (t.startsWith("exercises/")) {
            t = t.substring("exercises/".length());
        }
        for (Exercise e : values()) {
            if (t.equals(e.id) || t.equals(e.folder)) {
                return Optional.of(e);
            }
        }
        if (t.matches("0?[1-9]")) {
            int n = Integer.parseInt(t);
            if (n <= values().length) {
                return Optional.of(byNumber(n));
            }
        }
        return Optional.empty();
    }

    /** Like {@link #find} but a usage error, listing the valid ids, when nothing matches. */
    public static Exercise resolve(String text) {
        return find(text).orElseThrow(() -> CliException.usage(
                "unknown exercise '" + text + "': use one of " + validIds()));
    }

    /** e.g. {@code tensors (1), tokenizer (2), …}. */
    public static String validIds() {
        return Arrays.stream(values()).map(e -> e.id + " (" + e.number + ")").collect(Collectors.joining(", "));
    }
}
