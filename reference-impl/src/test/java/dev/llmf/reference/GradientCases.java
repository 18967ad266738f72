package dev.llmf.reference;

import dev.llmf.contract.LanguageModel;
import dev.llmf.reference.training.ModelGradients;
import dev.llmf.reference.training.ParameterLayout;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The small mini-GPTs whose gradients are checked (finite differences, PyTorch): V=32, T=8, d=16, 2 heads,
 * 2 layers, one per positional kind, with {@link Fixtures#modelWeights} (every part matters) and a batch of three
 * sequences, two of the full context and one shorter.
 */
final class GradientCases {

    record Case(LanguageModel.Config config, LanguageModel.Weights weights, double[] params,
                List<ModelGradients.Sequence> batch) {
    }

    private GradientCases() {
    }

    static Case of(LanguageModel.Positional positional) {
        LanguageModel.Config config = new LanguageModel.Config(32, 8, 16, 2, 2, positional);
        SplittableRandom random = new SplittableRandom(1500 + positional.ordinal());
        LanguageModel.Weights weights = Fixtures.modelWeights(random, config);
        List<ModelGradients.Sequence> batch = new ArrayList<>();
        for (int length : new int[] {8, 8, 5}) {
            batch.add(new ModelGradients.Sequence(Fixtures.randomIds(random, length, 32),
                    Fixtures.randomIds(random, length, 32)));
        }
        return new Case(config, weights, new ParameterLayout(config).flatten(weights), batch);
    }
}
