package dev.llmf.grader.web.figures;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The figures' fragments (no layout), one template each under {@code src/main/resources/templates/figures/}; the
 * feedback page loads the one of its exercise once grading has finished. Checked at build time, and HTML-escaped.
 */
@CheckedTemplate(basePath = "figures")
final class FigureTemplates {

    private FigureTemplates() {
    }

    static native TemplateInstance attention(AttentionFigure.View view);

    static native TemplateInstance tokenizer(TokenizerFigure.View view);

    static native TemplateInstance sampler(SamplerFigure.View view);

    static native TemplateInstance training(TrainingFigure.View view);

    /** The transformer block's and the mini-GPT's: differences per stage, and for the mini-GPT generated text. */
    static native TemplateInstance layers(LayersView view);
}
