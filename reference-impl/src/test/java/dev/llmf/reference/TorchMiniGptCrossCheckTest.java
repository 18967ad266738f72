package dev.llmf.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmf.contract.Embeddings;
import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Tensor;
import dev.llmf.reference.training.ModelGradients;
import dev.llmf.reference.training.ParameterLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The mini-GPT's loss and gradients ({@link ModelGradients}) against PyTorch autograd on the same weights and batch
 * ({@code torch_model_check.py}, the model written with PyTorch's own layers in float64). Skipped, with the reason,
 * where no {@code python3} imports torch.
 */
@DisplayName("Mini-GPT loss and gradients vs. PyTorch autograd (float64)")
class TorchMiniGptCrossCheckTest {

    @TempDir
    static Path folder;


    @ParameterizedTest
    @EnumSource(LanguageModel.Positional.class)
    @DisplayName("the loss and every weight's gradient match autograd within 1e-10")
    void everyGradientMatchesAutograd(LanguageModel.Positional positional) throws Exception {
        GradientCases.Case c = GradientCases.of(positional);
        Map<String, double[]> torch = torch(positional.name(), input(c));
        ModelGradients model = new ModelGradients(c.config());
        double[] grads = new double[c.params().length];
        double loss = model.lossAndGradients(c.params(), c.batch(), grads);
        assertEquals(torch.get("loss")[0], loss, 1e-12, "loss");
        double worst = 0;
        for (ParameterLayout.Slice slice : model.layout().slices()) {
            double[] expected = torch.get(slice.name());
            assertEquals(slice.size(), expected.length, slice.name() + ": number of elements");
            for (int i = 0; i < slice.size(); i++) {
                double difference = Math.abs(expected[i] - grads[slice.offset() + i]);
                assertTrue(difference <= 1e-10, slice.name() + "[" + i + "]: autograd " + expected[i]
                        + " but the reference " + grads[slice.offset() + i]);
                worst = Math.max(worst, difference);
            }
        }
        System.out.printf(Locale.ROOT, "%s: loss %.6f, largest |autograd − reference| of a gradient %.2e%n",
                positional, loss, worst);
    }

    private static PythonOracle.Input input(GradientCases.Case c) {
        LanguageModel.Config config = c.config();
        PythonOracle.Input in = new PythonOracle.Input("modelGradients").number("vocab", config.vocabSize())
                .number("context", config.contextLength()).number("d", config.dModel())
                .number("heads", config.heads()).number("layers", config.layers())
                .number("positional", config.positional().ordinal()).number("base", Embeddings.BASE)
                .number("sequences", c.batch().size());
        for (ParameterLayout.Slice slice : new ParameterLayout(config).slices()) {
            float[] values = new float[slice.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) c.params()[slice.offset() + i];     // exact: the params are widened floats
            }
            in.tensor(slice.name(), Tensor.of(values, slice.shape()));
        }
        for (int i = 0; i < c.batch().size(); i++) {
            in.ints("ids" + i, c.batch().get(i).ids()).ints("targets" + i, c.batch().get(i).targets());
        }
        return in;
    }

    private static synchronized Map<String, double[]> torch(String name, PythonOracle.Input input) throws Exception {
        String python = PythonOracle.torchOrSkip();
        Path data = Files.createDirectories(folder.resolve(name));
        Files.writeString(data.resolve(name + ".in"), input.text(), StandardCharsets.UTF_8);
        PythonOracle.copyScript("torch_training_check.py", folder);
        PythonOracle.run(python, PythonOracle.copyScript("torch_model_check.py", folder), data.toString());
        return PythonOracle.results(data.resolve(name + ".out"));
    }
}
