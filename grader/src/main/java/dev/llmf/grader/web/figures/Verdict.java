package dev.llmf.grader.web.figures;

/**
 * The sentence under a figure: why the learner's part is missing ({@code failure}), or how it compares with the
 * reference ({@code comparison}, and whether it {@code matches}). Drawn by {@code tags/verdict.html}.
 */
public record Verdict(String failure, String comparison, boolean matches) {

    public static Verdict failed(String why) {
        return new Verdict(why, null, false);
    }

    public static Verdict matches(String comparison) {
        return new Verdict(null, comparison, true);
    }

    public static Verdict differs(String comparison) {
        return new Verdict(null, comparison, false);
    }

    /** The learner's part ran and can be drawn. */
    public boolean ran() {
        return failure == null;
    }
}
