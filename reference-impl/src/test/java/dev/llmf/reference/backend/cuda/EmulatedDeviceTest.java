package dev.llmf.reference.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.llmf.contract.LanguageModel;
import dev.llmf.reference.Fixtures;
import dev.llmf.reference.ReferenceLanguageModel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The CUDA backend's host code on an {@link EmulatedDevice}: the parity cases of {@link BackendParityCases}
 * without a GPU, plus checks only an emulator can make — every buffer freed after each case, and the work really
 * done by device launches and products (not by a silent fall back to the CPU).
 */
class EmulatedDeviceTest extends EmulatedCases {

    EmulatedDeviceTest() {
        super(false);
    }

    @Test
    @DisplayName("a model forward runs as device launches and products, none of it on the CPU")
    void forwardRunsOnTheDevice() {
        LanguageModel.Config config = new LanguageModel.Config(30, 8, 8, 2, 3, LanguageModel.Positional.LEARNED);
        LanguageModel.Weights weights = Fixtures.modelWeights(new SplittableRandom(5), config);
        new ReferenceLanguageModel(backend).forward(weights, new int[] {1, 2, 3});
        // per layer: 2 LayerNorms + 1 softmax + 1 GELU launches, 4 products + 2 batched (one sequence); then the
        // embedding, the final LayerNorm and the logits product
        assertEquals(1 + 3 * 4 + 1, device.launches());
        assertEquals(3 * 6 + 1, device.products());
    }
}
