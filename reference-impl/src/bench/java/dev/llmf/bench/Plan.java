package dev.llmf.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What one benchmark run measures: the shapes and the timing rules. The orchestrator passes it to every worker —
 * the Java ones and the Python baselines — as the same command-line flags, so all sides run the same cases.
 *
 * @param matmul       square sizes n of {@code [n, n] · [n, n]}
 * @param softmax      {@code [rows, cols]} of the row softmax
 * @param layerNorm    {@code [rows, cols]} of LayerNorm
 * @param attention    sequence lengths T of causal multi-head attention with {@code heads} × {@code headSize}
 * @param gpt          mini-GPT shapes, each {@code V:T:d:h:L} (batch 1)
 * @param generation   greedy generation with a key/value cache: {@code V:P:N:d:h:L}, N new tokens after a prompt
 *                     of P (the model's context is P + N, so the window never slides); null when not run
 * @param corpusKiB    sizes of the tokenizer-training corpora, in KiB
 * @param vocab        vocabulary size the tokenizer is trained to
 * @param encodeKiB    size of the text encoded with GPT-2's vocabulary, in KiB
 * @param warmup       seconds of untimed calls before timing a case (at least one call unless 0)
 * @param minTime      a case is timed for at least this many seconds …
 * @param minReps      … and at least this many calls …
 * @param maxReps      … but never more calls than this
 * @param rounds       how often the kernel and model workers (ours and the baselines) run, one after the other; a
 *                     case reports its best round, so a burst of other work on the machine hits only one of them
 */
record Plan(boolean smoke, int[] matmul, int[] softmax, int[] layerNorm, int[] attention, int heads, int headSize,
            List<GptShape> gpt, GenerationShape generation, int[] corpusKiB, int vocab, int encodeKiB,
            double warmup, double minTime, int minReps, int maxReps, int rounds) {

    /** One mini-GPT shape: vocabulary, context (= tokens run), width, heads, layers. */
    record GptShape(int vocab, int tokens, int dModel, int heads, int layers) {
        static GptShape parse(String s) {
            int[] v = Arrays.stream(s.split(":")).mapToInt(Integer::parseInt).toArray();
            if (v.length != 5) {
                throw new IllegalArgumentException("a GPT shape is V:T:d:h:L, not " + s);
            }
            return new GptShape(v[0], v[1], v[2], v[3], v[4]);
        }

        @Override
        public String toString() {
            return vocab + ":" + tokens + ":" + dModel + ":" + heads + ":" + layers;
        }

        String describe() {
            return "V=" + vocab + " T=" + tokens + " d=" + dModel + " h=" + heads + " L=" + layers + " B=1";
        }

        /** Flops of one forward pass: per layer 4 projections, scores and mixing over the full T×T, the FFN. */
        double flops() {
            double t = tokens, d = dModel;
            return layers * (8 * t * d * d + 4 * t * t * d + 16 * t * d * d) + 2 * t * d * vocab;
        }
    }

    /** Greedy generation: vocabulary, prompt length, new tokens, width, heads, layers (learned positions). */
    record GenerationShape(int vocab, int prompt, int tokens, int dModel, int heads, int layers) {
        static GenerationShape parse(String s) {
            int[] v = Arrays.stream(s.split(":")).mapToInt(Integer::parseInt).toArray();
            if (v.length != 6) {
                throw new IllegalArgumentException("a generation shape is V:P:N:d:h:L, not " + s);
            }
            return new GenerationShape(v[0], v[1], v[2], v[3], v[4], v[5]);
        }

        @Override
        public String toString() {
            return vocab + ":" + prompt + ":" + tokens + ":" + dModel + ":" + heads + ":" + layers;
        }

        String describe() {
            return "V=" + vocab + " d=" + dModel + " h=" + heads + " L=" + layers + ", " + tokens + " tokens after "
                    + prompt;
        }
    }

    /** The kernel and model cases that {@code --only} can name. */
    static final List<String> ONLY_CASES = List.of("matmul", "softmax", "layernorm", "attention", "gpt", "generate");

    Harness.Rules rules() {
        return new Harness.Rules(warmup, minTime, minReps, maxReps);
    }

    static Plan forFullRun() {
        return new Plan(false, new int[] {256, 512, 1024, 2048}, new int[] {4096, 1024}, new int[] {8192, 512},
                new int[] {128, 256, 512, 1024}, 8, 64,
                List.of(new GptShape(512, 64, 64, 4, 2), new GptShape(8192, 256, 384, 6, 6)),
                new GenerationShape(8192, 32, 256, 384, 6, 6), new int[] {1024, 2048, 4096, 8192}, 5000, 8192,
                0.5, 1.0, 5, 200, 2);
    }

    /** Tiny shapes, one timed call each: only shows that every part still compiles and runs. */
    static Plan forSmoke() {
        return new Plan(true, new int[] {64}, new int[] {64, 64}, new int[] {64, 64}, new int[] {16}, 2, 8,
                List.of(new GptShape(64, 8, 16, 2, 1)), new GenerationShape(64, 4, 8, 16, 2, 1), new int[] {64}, 300,
                64, 0, 0, 1, 1, 1);
    }

    /** The flags that {@link #parse} and the Python baselines read back. */
    List<String> toArgs() {
        List<String> args = new ArrayList<>(List.of(
                "--matmul", join(matmul), "--softmax", join(softmax), "--layernorm", join(layerNorm),
                "--attention", join(attention), "--heads", "" + heads, "--head-size", "" + headSize,
                "--gpt", gpt.stream().map(GptShape::toString).collect(Collectors.joining(",")),
                "--generate", generation == null ? "" : generation.toString(),
                "--corpus-kib", join(corpusKiB), "--vocab", "" + vocab, "--encode-kib", "" + encodeKiB,
                "--warmup", "" + warmup, "--min-time", "" + minTime, "--min-reps", "" + minReps,
                "--max-reps", "" + maxReps, "--rounds", "" + rounds));
        if (smoke) {
            args.add("--smoke");
        }
        return args;
    }

    /** Reads the flags of {@link #toArgs}; returns the plan and leaves other flags in {@code rest}. */
    static Plan parse(List<String> args, List<String> rest) {
        Plan p = forFullRun();
        boolean smoke = args.contains("--smoke");
        if (smoke) {
            p = forSmoke();
        }
        int[] matmul = p.matmul, softmax = p.softmax, layerNorm = p.layerNorm, attention = p.attention;
        int[] corpus = p.corpusKiB;
        int heads = p.heads, headSize = p.headSize, vocab = p.vocab, encode = p.encodeKiB;
        int minReps = p.minReps, maxReps = p.maxReps, rounds = p.rounds;
        double warmup = p.warmup, minTime = p.minTime;
        List<GptShape> gpt = p.gpt;
        GenerationShape generation = p.generation;
        List<String> only = null;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            switch (flag) {
                case "--smoke" -> { }
                case "--matmul" -> matmul = ints(args.get(++i));
                case "--softmax" -> softmax = ints(args.get(++i));
                case "--layernorm" -> layerNorm = ints(args.get(++i));
                case "--attention" -> attention = ints(args.get(++i));
                case "--heads" -> heads = Integer.parseInt(args.get(++i));
                case "--head-size" -> headSize = Integer.parseInt(args.get(++i));
                case "--gpt" -> gpt = Arrays.stream(args.get(++i).split(",")).filter(s -> !s.isEmpty())
                        .map(GptShape::parse).toList();
                case "--generate" -> {
                    String g = args.get(++i);
                    generation = g.isEmpty() ? null : GenerationShape.parse(g);
                }
                case "--only" -> only = List.of(args.get(++i).split(","));
                case "--corpus-kib" -> corpus = ints(args.get(++i));
                case "--vocab" -> vocab = Integer.parseInt(args.get(++i));
                case "--encode-kib" -> encode = Integer.parseInt(args.get(++i));
                case "--warmup" -> warmup = Double.parseDouble(args.get(++i));
                case "--min-time" -> minTime = Double.parseDouble(args.get(++i));
                case "--min-reps" -> minReps = Integer.parseInt(args.get(++i));
                case "--max-reps" -> maxReps = Integer.parseInt(args.get(++i));
                case "--rounds" -> rounds = Integer.parseInt(args.get(++i));
                default -> rest.add(flag);
            }
        }
        if (only != null) {                 // the cases not named run nowhere (their lists are left empty)
            if (!ONLY_CASES.containsAll(only)) {
                throw new IllegalArgumentException("--only takes some of " + ONLY_CASES + ", not " + only);
            }
            matmul = only.contains("matmul") ? matmul : new int[0];
            softmax = only.contains("softmax") ? softmax : new int[0];
            layerNorm = only.contains("layernorm") ? layerNorm : new int[0];
            attention = only.contains("attention") ? attention : new int[0];
            gpt = only.contains("gpt") ? gpt : List.of();
            generation = only.contains("generate") ? generation : null;
        }
        return new Plan(smoke, matmul, softmax, layerNorm, attention, heads, headSize, gpt, generation, corpus, vocab,
                encode, warmup, minTime, minReps, maxReps, rounds);
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
    }

    private static String join(int[] values) {
        return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }
}
