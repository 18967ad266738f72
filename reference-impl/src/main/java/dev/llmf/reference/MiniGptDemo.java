package dev.llmf.reference;

import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Sampler;

import java.util.Arrays;

/**
 * Runs the reference mini-GPT end to end: trains the BPE tokenizer on a small built-in corpus, builds a model
 * with seeded random (untrained) weights, and generates text from a prompt. The weights are not trained, so the
 * text is a reproducible jumble of the tokenizer's pieces: what it shows is the pipeline, from text to tokens to
 * logits to sampled tokens and back to text.
 *
 * <pre>usage: MiniGptDemo [--seed N] [--tokens N] [--prompt TEXT] [--temperature T] [--top-k K] [--top-p P]</pre>
 */
public final class MiniGptDemo {

    public static final String CORPUS = """
            A language model reads a sequence of tokens and guesses the next one. The tokenizer turns text \
            into tokens, the embedding turns tokens into vectors, attention lets every position look back at \
            the positions before it, and the feed-forward layers transform what attention gathered. The last \
            layer scores every token in the vocabulary, and the sampler picks one. The new token is appended \
            and the loop starts again. low lower lowest lowly: the tokenizer learns low first, then lowe.
            """;

    private MiniGptDemo() {
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: MiniGptDemo [--seed N] [--tokens N] [--prompt TEXT] [--temperature T]"
                    + " [--top-k K] [--top-p P]");
            System.exit(2);
            return;
        }
        ReferenceTokenizer tokenizer = new ReferenceTokenizer();
        tokenizer.train(CORPUS, 256 + 200);
        var config = new LanguageModel.Config(tokenizer.vocabSize(), 64, 64, 4, 2, LanguageModel.Positional.LEARNED);
        var weights = LanguageModel.Weights.random(config, options.seed());
        var model = new ReferenceLanguageModel();

        int[] prompt = tokenizer.encode(options.prompt());
        if (prompt.length == 0) {
            System.err.println("error: the prompt must not be empty");
            System.exit(2);
            return;
        }
        long start = System.nanoTime();
        int[] generated = model.generate(weights, prompt, options.tokens(), options.sampling(), options.seed());
        double millis = (System.nanoTime() - start) / 1e6;

        System.out.println("tokenizer : " + tokenizer.vocabSize() + " tokens (256 bytes + " + tokenizer.merges().size()
                + " merges learned from the built-in corpus)");
        System.out.println("model     : " + config + ", seed " + options.seed() + " (random, untrained weights)");
        System.out.println("sampling  : " + options.sampling());
        System.out.println("prompt    : " + options.prompt() + "  →  " + Arrays.toString(prompt));
        System.out.println("generated : " + Arrays.toString(generated));
        System.out.println("text      : " + options.prompt() + tokenizer.decode(generated));
        System.out.printf("time      : %.1f ms for %d tokens%n", millis, generated.length);
    }

    record Options(long seed, int tokens, String prompt, Sampler.Config sampling) {

        static Options parse(String[] args) {
            long seed = 42;
            int tokens = 40;
            String prompt = "The tokenizer";
            double temperature = 0.8;
            int topK = 40;
            double topP = 1.0;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String value = args[++i];
                try {
                    switch (flag) {
                        case "--seed" -> seed = Long.parseLong(value);
                        case "--tokens" -> tokens = Integer.parseInt(value);
                        case "--prompt" -> prompt = value;
                        case "--temperature" -> temperature = Double.parseDouble(value);
                        case "--top-k" -> topK = Integer.parseInt(value);
                        case "--top-p" -> topP = Double.parseDouble(value);
                        default -> throw new IllegalArgumentException("unknown option " + flag);
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(flag + " needs a number but got '" + value + "'");
                }
            }
            if (tokens < 0 || tokens > 10_000) {
                throw new IllegalArgumentException("--tokens must be between 0 and 10000");
            }
            return new Options(seed, tokens, prompt, new Sampler.Config(temperature, topK, topP));
        }
    }
}
