package dev.llmf.reference.backend;

import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Tensor;

/**
 * A backend that runs the whole mini-GPT forward itself, keeping activations in its own memory between layers
 * (a GPU backend: the per-operation {@link ComputeBackend} calls would copy every intermediate to the host and
 * back). {@code ReferenceLanguageModel} uses it when its backend offers it.
 */
public interface ModelForward {

    /** The logits {@code [T, V]} of {@code tokens}, as {@link LanguageModel#forward} defines them. */
    Tensor forward(LanguageModel.Weights weights, int[] tokens);
}
