package dev.llmf.grader.web.figures;

import dev.llmf.contract.Sampler;
import dev.llmf.grader.grading.Exercise;
import dev.llmf.grader.suites.Check;
import dev.llmf.reference.ReferenceSampler;
import io.quarkus.qute.TemplateInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sampler: what the learner's {@code distribution} returns for the course's logits, before any filter and after
 * temperature, top-k and top-p, as bar charts beside the reference's, with the tokens that differ named.
 */
final class SamplerFigure extends LearnerFigure<float[][], SamplerFigure.View> {

    /** The course's worked example: four tokens and their logits. */
    static final List<String> TOKENS = List.of("on", "the", "mat", "in");
    static final float[] LOGITS = {2.0f, 1.0f, 0.5f, 0.0f};

    /** One setting of the sampler, with a short word on what it should do to the bars. */
    record Setting(String name, String effect, Sampler.Config config) {
    }

    static final List<Setting> SETTINGS = List.of(
            new Setting("before: softmax, T = 1", "the plain softmax of the logits", new Sampler.Config(1, 0, 1)),
            new Setting("temperature 0.5", "sharper: more on “on”", new Sampler.Config(0.5, 0, 1)),
            new Setting("temperature 2", "flatter: more on the unlikely tokens", new Sampler.Config(2, 0, 1)),
            new Setting("top-k = 2", "the two likeliest, renormalised", new Sampler.Config(1, 2, 1)),
            new Setting("top-p = 0.7", "keeps the token that crosses 0.7: two", new Sampler.Config(1, 0, 0.7)),
            new Setting("top-p = 0.95", "keeps the token that crosses 0.95: all four", new Sampler.Config(1, 0, 0.95)));

    private static final float[][] REFERENCE = distributions(new ReferenceSampler());

    /** One setting's chart; {@code difference} names the tokens where the learner's bars differ (null if none). */
    public record Panel(String name, String effect, String setting, BarChart chart, String difference) {
    }

    public record View(List<String> tokens, String logits, List<Panel> panels, Verdict verdict) {
    }

    SamplerFigure() {
        super(Exercise.SAMPLER, "Your sampler's distributions");
    }

    @Override
    float[][] runLearner(LearnerCalls calls) {
        Sampler sampler = calls.implementation(Sampler.class);
        return calls.call("distribution", () -> distributions(sampler));
    }

    @Override
    View compare(float[][] learner) {
        if (learner == null) {
            throw new Unusable("your distribution returned null");
        }
        List<Panel> panels = new ArrayList<>();
        List<String> differing = new ArrayList<>();
        for (int s = 0; s < SETTINGS.size(); s++) {
            Setting setting = SETTINGS.get(s);
            Difference d = Difference.of("distribution for " + setting.name(), REFERENCE[s], learner[s], Check.PROBABILITY);
            String difference = d.accepted() ? null : difference(REFERENCE[s], learner[s]);
            if (difference != null) {
                differing.add(setting.name());
            }
            panels.add(panel(s, toDoubles(learner[s]), difference));
        }
        Verdict verdict = differing.isEmpty()
                ? Verdict.matches("Your distribution matches the reference's in all " + SETTINGS.size() + " settings.")
                : Verdict.differs("Your distribution differs from the reference's with " + String.join(", ", differing)
                        + " (orange bars).");
        return new View(TOKENS, logits(), panels, verdict);
    }

    @Override
    View failed(String why) {
        List<Panel> panels = new ArrayList<>();
        for (int s = 0; s < SETTINGS.size(); s++) {
            panels.add(panel(s, null, null));
        }
        return new View(TOKENS, logits(), panels, Verdict.failed(why));
    }

    @Override
    TemplateInstance render(View view) {
        return FigureTemplates.sampler(view);
    }

    private static Panel panel(int s, double[] learner, String difference) {
        Setting setting = SETTINGS.get(s);
        Sampler.Config c = setting.config();
        String config = String.format(Locale.ROOT, "Config(temperature %s, topK %d, topP %s)", number(c.temperature()),
                c.topK(), number(c.topP()));
        BarChart chart = BarChart.of("sampler-" + (s + 1), "Probabilities with " + setting.name()
                        + (learner == null ? ": the reference's" : ": the reference's (grey) and yours"),
                TOKENS, toDoubles(REFERENCE[s]), learner, Check.PROBABILITY);
        return new Panel(setting.name(), setting.effect(), config, chart, difference);
    }

    /** The tokens whose probability is off, e.g. {@code “the”: yours 0, reference 0.268941}. */
    private static String difference(float[] reference, float[] learner) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < reference.length; i++) {
            if (!Check.PROBABILITY.accepts(reference[i], learner[i])) {
                parts.add(String.format(Locale.ROOT, "“%s”: yours %s, reference %.6f", TOKENS.get(i),
                        Float.isFinite(learner[i]) ? String.format(Locale.ROOT, "%.6f", learner[i]) : learner[i],
                        reference[i]));
            }
        }
        return String.join("; ", parts);
    }

    private static float[][] distributions(Sampler sampler) {
        float[][] out = new float[SETTINGS.size()][];
        for (int s = 0; s < out.length; s++) {
            out[s] = sampler.distribution(LOGITS.clone(), SETTINGS.get(s).config());
        }
        return out;
    }

    private static String logits() {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < LOGITS.length; i++) {
            parts.add("“" + TOKENS.get(i) + "” " + number(LOGITS[i]));
        }
        return String.join(", ", parts);
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
