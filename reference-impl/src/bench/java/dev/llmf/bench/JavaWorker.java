package dev.llmf.bench;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import dev.llmf.contract.Attention;
import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Sampler;
import dev.llmf.contract.Tensor;
import dev.llmf.contract.TransformerBlock;
import dev.llmf.reference.RankedBpe;
import dev.llmf.reference.ReferenceAttention;
import dev.llmf.reference.ReferenceLanguageModel;
import dev.llmf.reference.ReferenceTokenizer;
import dev.llmf.reference.backend.Backends;
import dev.llmf.reference.backend.ComputeBackend;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

/**
 * The Java side of the benchmark, run by {@link Bench} in its own JVM: {@code --part kernels} (matmul, softmax,
 * LayerNorm, attention, mini-GPT forward, greedy generation) once with the common fork-join pool off (1 thread) and
 * once with its default (all cores), and {@code --part tokenizer} (training time, GPT-2 encoding against jtokkit).
 * Prints one {@link Result} line per case on stdout; progress goes to stderr.
 *
 * <p>With {@code --checks DIR} it also writes the inputs and outputs of the attention, mini-GPT and generation cases
 * there as raw little-endian float32 (token ids as int32), so the Python baselines run on the same weights and report
 * how far their results are from ours.
 */
public final class JavaWorker {

    private final Plan plan;
    private final String threads;
    private final Path checks;
    private final ComputeBackend backend = Backends.current();

    private JavaWorker(Plan plan, String threads, Path checks) {
        this.plan = plan;
        this.threads = threads;
        this.checks = checks;
    }

    public static void main(String[] args) throws IOException {
        List<String> rest = new ArrayList<>();
        Plan plan = Plan.parse(Arrays.asList(args), rest);
        String part = "kernels";
        Path checks = null;
        for (int i = 0; i < rest.size(); i++) {
            switch (rest.get(i)) {
                case "--part" -> part = rest.get(++i);
                case "--checks" -> checks = Path.of(rest.get(++i));
                default -> throw new IllegalArgumentException("unknown option " + rest.get(i));
            }
        }
        // parallelism 0: no workers at all, the calling thread does everything (with 1, a worker joins the caller)
        String threads = "0".equals(System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism"))
                ? "1" : "all";
        JavaWorker worker = new JavaWorker(plan, threads, checks);
        System.out.println("INFO\tjava\t" + Runtime.version() + ", " + worker.backend.describe() + ", common pool "
                + (threads.equals("1") ? "off (1 thread)" : "parallelism " + ForkJoinPool.getCommonPoolParallelism()
                + " + caller"));
        switch (part) {
            case "kernels" -> worker.kernels();
            case "tokenizer" -> worker.tokenizer();
            default -> throw new IllegalArgumentException("unknown part " + part);
        }
    }

    // ---- kernels ----

    private void kernels() throws IOException {
        for (int n : plan.matmul()) {
            Tensor a = uniform(1, n, n);
            Tensor b = uniform(2, n, n);
            report("kernel", "matmul", "" + n, 2.0 * n * n * n,
                    Harness.time(plan, () -> Harness.sink = backend.matmul(a, b)), "");
        }
        int[] s = plan.softmax();
        if (s.length > 0) {
            Tensor scores = uniform(3, s[0], s[1]);
            report("kernel", "softmax", s[0] + "x" + s[1], 5.0 * s[0] * s[1],
                    Harness.time(plan, () -> Harness.sink = backend.softmax(scores, 1f, false)), "");
        }
        int[] ln = plan.layerNorm();
        if (ln.length > 0) {
            Tensor x = uniform(4, ln[0], ln[1]);
            Tensor gamma = uniform(5, ln[1]);
            Tensor beta = uniform(6, ln[1]);
            report("kernel", "layernorm", ln[0] + "x" + ln[1], 8.0 * ln[0] * ln[1],
                    Harness.time(plan, () -> Harness.sink = backend.layerNorm(x, gamma, beta, 1e-5f)), "");
        }
        attention();
        gpt();
        if (plan.generation() != null) {
            generation();
        }
    }

    private void attention() throws IOException {
        int d = plan.heads() * plan.headSize();
        ReferenceAttention attention = new ReferenceAttention(backend);
        Attention.Options options = new Attention.Options(plan.heads(), true, false);
        for (int t : plan.attention()) {
            Tensor x = uniform(7 + t, t, d);
            Attention.Weights w = Attention.Weights.random(d, 11);
            double flops = 8.0 * t * d * d + 4.0 * t * t * d;
            report("kernel", "attention", "T=" + t, flops,
                    Harness.time(plan, () -> Harness.sink = attention.multiHead(x, w, options)), "");
            if (checks != null) {
                write(checks.resolve("attention-" + t + ".f32"), List.of(x, w.wq(), w.wk(), w.wv(), w.wo(),
                        attention.multiHead(x, w, options).output()), null);
            }
        }
    }

    private void gpt() throws IOException {
        ReferenceLanguageModel model = new ReferenceLanguageModel(backend);
        for (Plan.GptShape shape : plan.gpt()) {
            var config = new LanguageModel.Config(shape.vocab(), shape.tokens(), shape.dModel(), shape.heads(),
                    shape.layers(), LanguageModel.Positional.LEARNED);
            var weights = LanguageModel.Weights.random(config, 42);
            int[] tokens = new int[shape.tokens()];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = (int) ((i * 7919L + 13) % shape.vocab());
            }
            report("gpt", "forward", shape.describe(), shape.flops(),
                    Harness.time(plan, () -> Harness.sink = model.forward(weights, tokens)), "");
            if (checks != null) {
                List<Tensor> all = modelTensors(weights);
                all.add(model.forward(weights, tokens));
                write(checks.resolve("gpt-" + shape.toString().replace(':', '-') + ".f32"), all, tokens);
            }
        }
    }

    /**
     * Greedy generation with the key/value cache: the time of one {@code generate} call, counted in new tokens. The
     * checks file holds the weights, the prompt and our tokens, so PyTorch's loop compares its tokens with ours.
     */
    private void generation() throws IOException {
        Plan.GenerationShape shape = plan.generation();
        var config = new LanguageModel.Config(shape.vocab(), shape.prompt() + shape.tokens(), shape.dModel(),
                shape.heads(), shape.layers(), LanguageModel.Positional.LEARNED);
        var weights = LanguageModel.Weights.random(config, 42);
        int[] prompt = new int[shape.prompt()];
        for (int i = 0; i < prompt.length; i++) {
            prompt[i] = (int) ((i * 7919L + 13) % shape.vocab());
        }
        ReferenceLanguageModel model = new ReferenceLanguageModel(backend);
        Sampler.Config greedy = Sampler.Config.greedyDecoding();
        int[] tokens = model.generate(weights, prompt, shape.tokens(), greedy, 0);
        report("gen", "generate", shape.describe(), shape.tokens(), "token", "ours",
                Harness.time(plan, () -> Harness.sink = model.generate(weights, prompt, shape.tokens(), greedy, 0)),
                "");
        if (checks != null) {
            int[] ids = Arrays.copyOf(prompt, prompt.length + tokens.length);
            System.arraycopy(tokens, 0, ids, prompt.length, tokens.length);
            write(checks.resolve("generate-" + shape.toString().replace(':', '-') + ".f32"), modelTensors(weights),
                    ids);
        }
    }

    /** Every weight of a model, in the order baselines.py reads them. */
    private static List<Tensor> modelTensors(LanguageModel.Weights weights) {
        List<Tensor> all = new ArrayList<>(List.of(weights.tokenEmbedding(), weights.positionTable()));
        for (TransformerBlock.Weights b : weights.blocks()) {
            Attention.Weights a = b.attention();
            all.addAll(List.of(b.ln1Gamma(), b.ln1Beta(), a.wq(), a.wk(), a.wv(), a.wo(), b.ln2Gamma(),
                    b.ln2Beta(), b.w1(), b.w2()));
        }
        all.addAll(List.of(weights.finalGamma(), weights.finalBeta()));
        return all;
    }

    // ---- tokenizer ----

    private void tokenizer() throws IOException {
        int largest = Arrays.stream(plan.corpusKiB()).max().orElse(0) * 1024;
        Corpus all = Corpus.build(Math.max(largest, plan.encodeKiB() * 1024));
        System.out.println("INFO\tcorpus\t" + all.describe());
        if (!plan.smoke()) {                            // warm the JIT up on a small corpus first
            new ReferenceTokenizer().train(all.prefix(256 * 1024).text, plan.vocab());
        }
        Harness.Rules once = new Harness.Rules(0, 0, 1, 1);         // a training run is long enough on its own
        for (int kib : plan.corpusKiB()) {
            Corpus corpus = all.prefix(kib * 1024);
            int[] vocab = new int[1];
            Harness.Timing timing = Harness.time(once, () -> {
                ReferenceTokenizer tokenizer = new ReferenceTokenizer();
                tokenizer.train(corpus.text, plan.vocab());
                vocab[0] = tokenizer.vocabSize();
            });
            report("train", "train", mib(kib) + " → " + plan.vocab(), corpus.bytes, timing,
                    "vocab " + vocab[0] + ", sha256 " + corpus.sha256());
        }
        encoding(all.prefix(plan.encodeKiB() * 1024), "GPT-2, " + mib(plan.encodeKiB()));
    }

    private void encoding(Corpus corpus, String shape) throws IOException {
        long start = System.nanoTime();
        RankedBpe ours;
        try (InputStream ranks = Encoding.class.getResourceAsStream("/com/knuddels/jtokkit/r50k_base.tiktoken")) {
            if (ranks == null) {
                throw new IllegalStateException("r50k_base.tiktoken is not on the classpath (jtokkit jar missing?)");
            }
            ours = RankedBpe.readTiktoken(ranks);
        }
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        Encoding jtokkit = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
        String text = corpus.text;
        int[] ourIds = ours.encode(text);
        IntArrayList theirs = jtokkit.encodeOrdinary(text);
        int firstDifference = -1;
        for (int i = 0; i < Math.max(ourIds.length, theirs.size()) && firstDifference < 0; i++) {
            if (i >= ourIds.length || i >= theirs.size() || ourIds[i] != theirs.get(i)) {
                firstDifference = i;
            }
        }
        String same = firstDifference < 0 ? "same ids (" + ourIds.length + " tokens)"
                : "DIFFERENT ids from token " + firstDifference + " (" + ourIds.length + " vs " + theirs.size() + ")";
        Harness.Timing[] timings = Harness.timeInTurn(plan.rules(), () -> Harness.sink = ours.encode(text),
                () -> Harness.sink = jtokkit.encodeOrdinary(text));
        report("encode", "encode", shape, corpus.bytes, "ours", timings[0],
                same + String.format(Locale.ROOT, "; ranks loaded in %.2f s", loadSeconds));
        report("encode", "encode", shape, corpus.bytes, "jtokkit", timings[1], same);
    }

    // ---- helpers ----

    private void report(String group, String name, String shape, double work, Harness.Timing timing, String note) {
        report(group, name, shape, work, "ours", timing, note);
    }

    private void report(String group, String name, String shape, double work, String impl, Harness.Timing timing,
                        String note) {
        String unit = group.equals("train") || group.equals("encode") ? "byte" : "flop";
        report(group, name, shape, work, unit, impl, timing, note);
    }

    private void report(String group, String name, String shape, double work, String unit, String impl,
                        Harness.Timing timing, String note) {
        Result result = new Result(group, name, shape, group.equals("train") || group.equals("encode") ? "1" : threads,
                impl, work, unit, timing.best(), timing.median(), timing.reps(), note);
        System.out.println(result.toLine());
        System.out.flush();
    }

    private static String mib(int kib) {
        return kib % 1024 == 0 ? kib / 1024 + " MiB" : kib + " KiB";
    }

    private static Tensor uniform(long seed, int... shape) {
        Tensor t = Tensor.zeros(shape);
        SplittableRandom random = new SplittableRandom(seed);
        float[] data = t.data();
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return t;
    }

    /** The tensors' elements one after the other (then the tokens as int32), little-endian. */
    private static void write(Path file, List<Tensor> tensors, int[] tokens) throws IOException {
        Files.createDirectories(file.getParent());
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (Tensor t : tensors) {
                float[] values = t.toArray();
                ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                buffer.asFloatBuffer().put(values);
                out.write(buffer);
            }
            if (tokens != null) {
                ByteBuffer buffer = ByteBuffer.allocate(tokens.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                buffer.asIntBuffer().put(tokens);
                out.write(buffer);
            }
        }
    }
}
