package dev.llmf.grader.web.figures;

import dev.llmf.grader.suites.Check;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The view of the transformer block's and the mini-GPT's figure ({@code figures/layers.html}): a stage-by-stage
 * difference chart, and for the mini-GPT the text generated from a fixed prompt and seed.
 *
 * @param chart      null when the learner's code failed
 * @param generation null for the block
 */
public record LayersView(String description, LogBarChart chart, Generation generation, Verdict verdict) {

    /** The tokens generated after {@code prompt}, the reference's and (unless the code failed) the learner's. */
    public record Generation(String prompt, String settings, List<TokenChip> reference, List<TokenChip> learner) {
    }

    /** A sentence on the stages: all within the tolerance, or the first that is not and which ones still are. */
    static String describe(List<LogBarChart.Stage> stages, Check.Tolerance tolerance) {
        List<LogBarChart.Stage> off = stages.stream().filter(s -> !s.difference().accepted()).toList();
        if (off.isEmpty()) {
            double worst = stages.stream().mapToDouble(s -> s.difference().maxAbs()).max().orElse(0);
            return String.format(Locale.ROOT, "Every stage matches the reference's within the grader's tolerance"
                    + " (largest difference %.1e).", worst);
        }
        LogBarChart.Stage first = off.getFirst();
        String how = first.difference().finite()
                ? String.format(Locale.ROOT, "by up to %.1e, above the tolerance of %.0e", first.difference().maxAbs(),
                        tolerance.absolute())
                : "with NaN or infinite values";
        String fine = stages.stream().filter(s -> s.difference().accepted()).map(LogBarChart.Stage::name)
                .collect(Collectors.joining(", "));
        return "The first stage that differs is " + first.name() + " (" + how + ")."
                + (fine.isEmpty() ? "" : " Within the tolerance: " + fine + ".");
    }
}
