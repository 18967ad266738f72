package dev.llmf.grader.grading;

import dev.llmf.contract.Attention;
import dev.llmf.contract.Embeddings;
import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Sampler;
import dev.llmf.contract.TensorMath;
import dev.llmf.contract.Tokenizer;
import dev.llmf.contract.Training;
import dev.llmf.contract.TransformerBlock;

import java.util.Arrays;
import java.util.Optional;

/**
 * The course's exercises, in the order a learner meets them: the contract each implements, the class the learner
 * writes (as in the exercise stub), and the hidden suite that grades it.
 */
public enum Exercise {
    TENSORS("tensors", "Tensor basics and softmax", TensorMath.class, "dev.llmf.exercises.tensors.TensorOps",
            "dev.llmf.grader.suites.TensorsSuite"),
    TOKENIZER("tokenizer", "Byte-level BPE tokenizer", Tokenizer.class, "dev.llmf.exercises.tokenizer.BpeTokenizer",
            "dev.llmf.grader.suites.TokenizerSuite"),
    EMBEDDINGS("embeddings", "Embeddings and positional encoding", Embeddings.class,
            "dev.llmf.exercises.embeddings.PositionalEmbeddings", "dev.llmf.grader.suites.EmbeddingsSuite"),
    ATTENTION("attention", "Attention", Attention.class, "dev.llmf.exercises.attention.SelfAttention",
            "dev.llmf.grader.suites.AttentionSuite"),
    TRANSFORMER_BLOCK("transformer-block", "Transformer block", TransformerBlock.class,
            "dev.llmf.exercises.block.PreNormBlock", "dev.llmf.grader.suites.TransformerBlockSuite"),
    SAMPLER("sampler", "Sampler", Sampler.class, "dev.llmf.exercises.sampler.TokenSampler",
            "dev.llmf.grader.suites.SamplerSuite"),
    MINI_GPT("mini-gpt", "Capstone: mini-GPT", LanguageModel.class, "dev.llmf.exercises.minigpt.MiniGpt",
            "dev.llmf.grader.suites.MiniGptSuite"),
    TRAINING("training", "Training: loss, backward pass, AdamW", Training.class,
            "dev.llmf.exercises.training.Trainer", "dev.llmf.grader.suites.TrainingSuite");

    private final String id;
    private final String title;
    private final Class<?> contract;
    private final String learnerClass;
    private final String suiteClass;

    Exercise(String id, String title, Class<?> contract, String learnerClass, String suiteClass) {
        this.id = id;
        this.title = title;
        this.contract = contract;
        this.learnerClass = learnerClass;
        this.suiteClass = suiteClass;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public Class<?> contract() {
        return contract;
    }

    public String learnerClass() {
        return learnerClass;
    }

    public String suiteClass() {
        return suiteClass;
    }

    /** Position in the course, from 1. */
    public int number() {
        return ordinal() + 1;
    }

    public static Optional<Exercise> byId(String id) {
        return Arrays.stream(values()).filter(e -> e.id.equals(id)).findFirst();
    }

    /** The learner class that implements {@code contract}, from whichever exercise owns it. */
    public static String learnerClassFor(Class<?> contract) {
        return Arrays.stream(values()).filter(e -> e.contract == contract).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no exercise implements " + contract.getName()))
                .learnerClass;
    }
}
