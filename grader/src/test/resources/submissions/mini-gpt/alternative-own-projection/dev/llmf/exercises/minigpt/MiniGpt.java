package dev.llmf.exercises.minigpt;

import dev.llmf.contract.Attention;
import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Sampler;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TransformerBlock;
import dev.llmf.exercises.block.PreNormBlock;
import dev.llmf.exercises.embeddings.PositionalEmbeddings;
import dev.llmf.exercises.sampler.TokenSampler;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.SplittableRandom;

/**
 * A correct solution written differently: the tied projection is its own loop in double, and generation keeps the
 * window in a deque that drops its oldest token once it holds contextLength.
 */
public class MiniGpt implements LanguageModel {

    private final PositionalEmbeddings embeddings = new PositionalEmbeddings();
    private final TransformerBlock block = new PreNormBlock();
    private final Sampler sampler = new TokenSampler();

    @Override
    public Tensor forward(Weights weights, int[] tokens) {
        Config c = weights.config();
        if (tokens.length < 1) {
            throw new IllegalArgumentException("no tokens to run");
        }
        if (tokens.length > c.contextLength()) {
            throw new IllegalArgumentException(tokens.length + " tokens exceed the context of " + c.contextLength());
        }
        Tensor x = embeddings.lookup(weights.tokenEmbedding(), tokens);
        switch (c.positional()) {
            case LEARNED -> x = embeddings.addPositions(x, weights.positionTable());
            case SINUSOIDAL -> x = embeddings.addPositions(x, embeddings.sinusoidal(c.contextLength(), c.dModel()));
            case ROPE -> { }
        }
        Attention.Options options = new Attention.Options(c.heads(), true, c.positional() == Positional.ROPE);
        for (TransformerBlock.Weights layer : weights.blocks()) {
            x = block.forward(x, layer, options);
        }
        Tensor h = block.layerNorm(x, weights.finalGamma(), weights.finalBeta());
        Tensor e = weights.tokenEmbedding();
        int t = h.size(0), d = h.size(1), v = e.size(0);
        Tensor logits = Tensor.zeros(t, v);
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < v; j++) {
                double dot = 0;
                for (int k = 0; k < d; k++) {
                    dot += (double) h.get2(i, k) * e.get2(j, k);
                }
                logits.set2(i, j, (float) dot);
            }
        }
        return logits;
    }

    @Override
    public int[] generate(Weights weights, int[] prompt, int maxNewTokens, Sampler.Config sampling, long seed) {
        if (prompt.length == 0 || maxNewTokens < 0) {
            throw new IllegalArgumentException("generate needs a prompt and maxNewTokens >= 0, got "
                    + prompt.length + " prompt tokens and maxNewTokens = " + maxNewTokens);
        }
        int context = weights.config().contextLength();
        Deque<Integer> window = new ArrayDeque<>();
        for (int id : prompt) {
            window.addLast(id);
            if (window.size() > context) {
                window.removeFirst();
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] generated = new int[maxNewTokens];
        for (int n = 0; n < maxNewTokens; n++) {
            int[] ids = window.stream().mapToInt(Integer::intValue).toArray();
            Tensor logits = forward(weights, ids);
            int next = sampler.sample(logits.row(ids.length - 1).toArray(), sampling, random.nextDouble());
            generated[n] = next;
            window.addLast(next);
            if (window.size() > context) {
                window.removeFirst();
            }
        }
        return generated;
    }
}
