package dev.llmf.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Tensor;
import dev.llmf.reference.training.ModelGradients;
import dev.llmf.reference.training.ParameterLayout;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The mini-GPT's backward pass ({@link ModelGradients}) against central differences of its loss, in double. */
@DisplayName("Mini-GPT backward pass vs. central finite differences (double)")
class MiniGptGradientsTest {

    private static final double H = 1e-5;

    @ParameterizedTest
    @EnumSource(LanguageModel.Positional.class)
    @DisplayName("every parameter's gradient matches (L(p+h) − L(p−h)) / 2h: relative error below 1e-7 per weight")
    void everyParameterMatchesCentralDifferences(LanguageModel.Positional positional) {
        GradientCases.Case c = GradientCases.of(positional);
        ModelGradients model = new ModelGradients(c.config());
        double[] params = c.params().clone();
        double[] grads = new double[params.length];
        model.lossAndGradients(params, c.batch(), grads);

        double worst = 0;
        for (ParameterLayout.Slice slice : model.layout().slices()) {
            double diff = 0;
            double norm = 0;
            double numericNorm = 0;
            for (int i = slice.offset(); i < slice.offset() + slice.size(); i++) {
                double saved = params[i];
                params[i] = saved + H;
                double plus = model.loss(params, c.batch());
                params[i] = saved - H;
                double minus = model.loss(params, c.batch());
                params[i] = saved;
                double numeric = (plus - minus) / (2 * H);
                diff += (numeric - grads[i]) * (numeric - grads[i]);
                norm += grads[i] * grads[i];
                numericNorm += numeric * numeric;
            }
            double relative = Math.sqrt(diff) / Math.max(Math.sqrt(norm), Math.sqrt(numericNorm));
            assertTrue(norm > 0, slice.name() + ": its gradient is zero, so the check would prove nothing");
            assertTrue(relative < 1e-7, slice.name() + ": relative error " + relative);
            worst = Math.max(worst, relative);
        }
        System.out.printf(Locale.ROOT, "%s: largest relative error of a weight's gradient vs central differences"
                + " %.2e%n", positional, worst);
    }

    @ParameterizedTest
    @EnumSource(LanguageModel.Positional.class)
    @DisplayName("the double forward's logits are the reference model's (float) within 1e-4")
    void forwardIsTheReferenceModel(LanguageModel.Positional positional) {
        GradientCases.Case c = GradientCases.of(positional);
        ModelGradients model = new ModelGradients(c.config());
        int[] ids = c.batch().getFirst().ids();
        double[] mine = model.logits(c.params(), ids);
        Tensor reference = new ReferenceLanguageModel().forward(c.weights(), ids);
        assertEquals(mine.length, reference.numel());
        Fixtures.assertClose("logits", mine, reference.toArray(), 1e-4, 1e-4);
    }
}
