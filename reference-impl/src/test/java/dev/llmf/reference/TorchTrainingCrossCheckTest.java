package dev.llmf.reference;

import static dev.llmf.reference.Fixtures.assertClose;
import static dev.llmf.reference.Fixtures.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.llmf.contract.Tensor;
import dev.llmf.contract.Training;
import dev.llmf.contract.Training.AdamW;
import dev.llmf.contract.Training.Moments;
import dev.llmf.contract.Training.Schedule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference's training pieces against PyTorch's own ({@code torch_training_check.py}): {@code F.cross_entropy}
 * and autograd, {@code clip_grad_norm_}, {@code torch.optim.AdamW}, {@code LinearLR} + {@code CosineAnnealingLR},
 * and the whole bigram training loop, all in float64 on the same float32 inputs. PyTorch is not part of the build:
 * where no {@code python3} can {@code import torch} (Debian's {@code python3-torch} is {@code /usr/bin/python3}),
 * these tests are skipped with the reason.
 */
@DisplayName("Reference training vs. PyTorch (cross_entropy, autograd, clip_grad_norm_, AdamW, LR schedulers)")
class TorchTrainingCrossCheckTest {

    private static final Training TRAINING = new ReferenceTraining();

    @TempDir
    static Path folder;

    private static final Map<String, PythonOracle.Input> INPUTS = new LinkedHashMap<>();
    private static Map<String, Map<String, double[]>> results;

    // ---- the cases (Java keeps its inputs; PyTorch gets them as text) ----

    private record CrossEntropyCase(Tensor logits, int[] targets) {
    }

    private record LinearCase(Tensor x, Tensor w, Tensor b, Tensor dy, int[] targets) {
    }

    private record SoftmaxCase(Tensor z, Tensor dy) {
    }

    private record ClipCase(List<Tensor> gradients, double maxNorm) {
    }

    private record AdamCase(Tensor theta, List<Tensor> gradients, AdamW config) {
    }

    private static final List<CrossEntropyCase> CROSS_ENTROPY = new ArrayList<>();
    private static final List<LinearCase> LINEAR = new ArrayList<>();
    private static final List<SoftmaxCase> SOFTMAX = new ArrayList<>();
    private static final List<ClipCase> CLIP = new ArrayList<>();
    private static final List<AdamCase> ADAM = new ArrayList<>();
    private static final List<Schedule> SCHEDULES = List.of(new Schedule(1.0, 0.1, 4, 12),
            BigramTraining.SCHEDULE, new Schedule(6e-4, 6e-5, 1, 7), new Schedule(3e-3, 0, 10, 100));

    static {
        SplittableRandom random = new SplittableRandom(88);
        int[][] sizes = {{1, 1}, {1, 7}, {5, 33}, {16, 65}, {3, 130}};
        for (int[] s : sizes) {
            for (double spread : new double[] {3, 300}) {
                Tensor logits = uniform(random, 1000 - spread, 1000 + spread, s[0], s[1]);
                CROSS_ENTROPY.add(new CrossEntropyCase(logits, Fixtures.randomIds(random, s[0], s[1])));
            }
        }
        for (int[] s : new int[][] {{1, 1, 2}, {4, 7, 5}, {9, 3, 33}, {2, 16, 16}}) {
            LINEAR.add(new LinearCase(uniform(random, -2, 2, s[0], s[1]), uniform(random, -1, 1, s[1], s[2]),
                    uniform(random, -1, 1, s[2]), uniform(random, -1, 1, s[0], s[2]),
                    Fixtures.randomIds(random, s[0], s[2])));
        }
        for (int[] shape : new int[][] {{1}, {7}, {3, 33}, {2, 4, 9}}) {
            SOFTMAX.add(new SoftmaxCase(uniform(random, -4, 4, shape), uniform(random, -1, 1, shape)));
        }
        CLIP.add(new ClipCase(List.of(uniform(random, -1, 1, 4, 5), uniform(random, -1, 1, 5)), 0.5));
        CLIP.add(new ClipCase(List.of(uniform(random, -0.1, 0.1, 3), uniform(random, -0.1, 0.1, 2, 2)), 10));
        CLIP.add(new ClipCase(List.of(uniform(random, -3, 3, 33), uniform(random, -3, 3, 7, 7), Tensor.zeros(2)),
                1));
        ADAM.add(adamCase(random, new AdamW(0.1, 0.9, 0.999, 1e-8, 0.1), 5, 3));
        ADAM.add(adamCase(random, AdamW.defaults(1e-3), 20, 4, 6));
        ADAM.add(adamCase(random, new AdamW(0.05, 0.5, 0.9, 1e-3, 0.5), 12, 17));
        ADAM.add(adamCase(random, new AdamW(0.3, 0, 0.99, 1e-6, 0), 3, 2));
        for (int i = 0; i < CROSS_ENTROPY.size(); i++) {
            CrossEntropyCase c = CROSS_ENTROPY.get(i);
            INPUTS.put("ce" + i, new PythonOracle.Input("crossEntropy").tensor("logits", c.logits())
                    .ints("targets", c.targets()));
        }
        for (int i = 0; i < LINEAR.size(); i++) {
            LinearCase c = LINEAR.get(i);
            INPUTS.put("linear" + i, new PythonOracle.Input("linear").tensor("x", c.x()).tensor("w", c.w())
                    .tensor("b", c.b()).tensor("dy", c.dy()));
            INPUTS.put("numerical" + i, new PythonOracle.Input("linearLossGradients").tensor("x", c.x())
                    .tensor("w", c.w()).tensor("b", c.b()).ints("targets", c.targets()));
        }
        for (int i = 0; i < SOFTMAX.size(); i++) {
            INPUTS.put("softmax" + i, new PythonOracle.Input("softmaxBackward").tensor("z", SOFTMAX.get(i).z())
                    .tensor("dy", SOFTMAX.get(i).dy()));
        }
        for (int i = 0; i < CLIP.size(); i++) {
            PythonOracle.Input in = new PythonOracle.Input("clip").number("maxNorm", CLIP.get(i).maxNorm());
            for (int g = 0; g < CLIP.get(i).gradients().size(); g++) {
                in.tensor("g" + g, CLIP.get(i).gradients().get(g));
            }
            INPUTS.put("clip" + i, in);
        }
        for (int i = 0; i < ADAM.size(); i++) {
            AdamCase c = ADAM.get(i);
            INPUTS.put("adam" + i, new PythonOracle.Input("adamW").tensor("theta", c.theta())
                    .tensor("gradients", stack(c.gradients())).number("lr", c.config().learningRate())
                    .number("beta1", c.config().beta1()).number("beta2", c.config().beta2())
                    .number("eps", c.config().epsilon()).number("decay", c.config().weightDecay()));
        }
        for (int i = 0; i < SCHEDULES.size(); i++) {
            Schedule s = SCHEDULES.get(i);
            INPUTS.put("schedule" + i, new PythonOracle.Input("schedule").number("max", s.maxLearningRate())
                    .number("min", s.minLearningRate()).number("warmup", s.warmupSteps())
                    .number("total", s.totalSteps()));
        }
        BigramTraining.Parameters start = BigramTraining.initial();
        AdamW w = BigramTraining.WEIGHT_SETTINGS;
        INPUTS.put("bigram", new PythonOracle.Input("bigram").tensor("x", BigramTraining.inputs())
                .ints("targets", BigramTraining.targets()).tensor("w", start.w()).tensor("b", start.b())
                .number("max", BigramTraining.SCHEDULE.maxLearningRate())
                .number("min", BigramTraining.SCHEDULE.minLearningRate())
                .number("warmup", BigramTraining.SCHEDULE.warmupSteps())
                .number("total", BigramTraining.SCHEDULE.totalSteps()).number("maxNorm", BigramTraining.MAX_NORM)
                .number("beta1", w.beta1()).number("beta2", w.beta2()).number("eps", w.epsilon())
                .number("decayW", w.weightDecay()).number("steps", BigramTraining.STEPS));
    }

    private static AdamCase adamCase(SplittableRandom random, AdamW config, int steps, int... shape) {
        List<Tensor> gradients = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            gradients.add(uniform(random, -1, 1, shape));
        }
        return new AdamCase(uniform(random, -2, 2, shape), gradients, config);
    }

    private static Tensor stack(List<Tensor> tensors) {
        int[] one = tensors.getFirst().shape();
        int[] shape = new int[one.length + 1];
        shape[0] = tensors.size();
        System.arraycopy(one, 0, shape, 1, one.length);
        float[] all = new float[tensors.size() * tensors.getFirst().numel()];
        for (int i = 0; i < tensors.size(); i++) {
            float[] t = tensors.get(i).toArray();
            System.arraycopy(t, 0, all, i * t.length, t.length);
        }
        return Tensor.of(all, shape);
    }

    // ---- running PyTorch once ----

    private static synchronized Map<String, double[]> torch(String name) throws Exception {
        String python = PythonOracle.torchOrSkip();
        if (results == null) {
            Path data = Files.createDirectories(folder.resolve("torch"));
            for (var e : INPUTS.entrySet()) {
                Files.writeString(data.resolve(e.getKey() + ".in"), e.getValue().text(), StandardCharsets.UTF_8);
            }
            PythonOracle.run(python, PythonOracle.copyScript("torch_training_check.py", folder), data.toString());
            Map<String, Map<String, double[]>> all = new LinkedHashMap<>();
            for (String key : INPUTS.keySet()) {
                all.put(key, PythonOracle.results(data.resolve(key + ".out")));
            }
            results = all;
        }
        return results.get(name);
    }

    // ---- the comparisons ----

    /** The largest |PyTorch − reference| of each comparison, printed for the docs (target/surefire-reports). */
    private static final Map<String, Double> WORST = new java.util.TreeMap<>();

    private static void record(String what, double[] torch, Tensor actual) {
        float[] a = actual.toArray();
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(torch[i] - a[i]));
        }
        WORST.merge(what, worst, Math::max);
    }

    @org.junit.jupiter.api.AfterAll
    static void printWorst() {
        WORST.forEach((what, worst) -> System.out.printf(java.util.Locale.ROOT, "max |PyTorch − reference| %-28s %.2e%n",
                what, worst));
    }

    @Test
    @DisplayName("crossEntropy and its gradient match F.cross_entropy and autograd on logits around 1000 (1e-9, 1e-7)")
    void crossEntropy() throws Exception {
        for (int i = 0; i < CROSS_ENTROPY.size(); i++) {
            CrossEntropyCase c = CROSS_ENTROPY.get(i);
            Map<String, double[]> torch = torch("ce" + i);
            double loss = TRAINING.crossEntropy(c.logits(), c.targets());
            assertEquals(torch.get("loss")[0], loss, 1e-9 * Math.max(1, Math.abs(loss)), "case " + i + " loss");
            Tensor gradient = TRAINING.crossEntropyGradient(c.logits(), c.targets());
            assertClose("case " + i + " gradient", torch.get("grad"), gradient, 1e-7, 1e-6);
            record("crossEntropyGradient", torch.get("grad"), gradient);
            WORST.merge("crossEntropy", Math.abs(torch.get("loss")[0] - loss), Math::max);
        }
    }

    @Test
    @DisplayName("linearBackward matches autograd of x·W + b (1e-5)")
    void linearBackward() throws Exception {
        for (int i = 0; i < LINEAR.size(); i++) {
            LinearCase c = LINEAR.get(i);
            Map<String, double[]> torch = torch("linear" + i);
            Training.LinearGradients g = TRAINING.linearBackward(c.x(), c.w(), c.dy());
            assertClose("case " + i + " dx", torch.get("dx"), g.input(), 1e-5, 1e-5);
            assertClose("case " + i + " dW", torch.get("dw"), g.weight(), 1e-5, 1e-5);
            assertClose("case " + i + " db", torch.get("db"), g.bias(), 1e-5, 1e-5);
            record("linearBackward dx", torch.get("dx"), g.input());
            record("linearBackward dW", torch.get("dw"), g.weight());
            record("linearBackward db", torch.get("db"), g.bias());
        }
    }

    @Test
    @DisplayName("softmaxBackward matches autograd of torch.softmax along the last dimension, ranks 1 to 3 (1e-6)")
    void softmaxBackward() throws Exception {
        ReferenceTensorMath math = new ReferenceTensorMath();
        for (int i = 0; i < SOFTMAX.size(); i++) {
            SoftmaxCase c = SOFTMAX.get(i);
            Tensor dz = TRAINING.softmaxBackward(math.softmax(c.z()), c.dy());
            assertClose("case " + i, torch("softmax" + i).get("dz"), dz, 1e-6, 1e-5);
            record("softmaxBackward", torch("softmax" + i).get("dz"), dz);
        }
    }

    @Test
    @DisplayName("clipByGlobalNorm's norm is clip_grad_norm_'s; the clipped values differ only by its 1e-6 (1e-5 relative)")
    void clipByGlobalNorm() throws Exception {
        for (int i = 0; i < CLIP.size(); i++) {
            ClipCase c = CLIP.get(i);
            Map<String, double[]> torch = torch("clip" + i);
            Training.Clipped clipped = TRAINING.clipByGlobalNorm(c.gradients(), c.maxNorm());
            assertEquals(torch.get("norm")[0], clipped.norm(), 1e-12 * clipped.norm(), "case " + i + " norm");
            for (int g = 0; g < c.gradients().size(); g++) {
                assertClose("case " + i + " gradient " + g, torch.get("g" + g), clipped.gradients().get(g), 1e-7,
                        1e-5);
            }
        }
        assertTrue(CLIP.get(0).maxNorm() < TRAINING.clipByGlobalNorm(CLIP.get(0).gradients(), 1).norm(),
                "case 0 is really clipped");
    }

    @Test
    @DisplayName("adamW chained over 3 to 20 steps matches torch.optim.AdamW: parameter and both moments (1e-5)")
    void adamW() throws Exception {
        for (int i = 0; i < ADAM.size(); i++) {
            AdamCase c = ADAM.get(i);
            Map<String, double[]> torch = torch("adam" + i);
            Tensor theta = c.theta();
            Moments moments = Moments.zeros(theta.shape());
            for (int step = 1; step <= c.gradients().size(); step++) {
                Training.Step s = TRAINING.adamW(theta, c.gradients().get(step - 1), moments, step, c.config());
                theta = s.parameter();
                moments = s.moments();
            }
            assertClose("case " + i + " θ", torch.get("theta"), theta, 1e-5, 1e-5);
            assertClose("case " + i + " m", torch.get("m"), moments.m(), 1e-6, 1e-5);
            assertClose("case " + i + " v", torch.get("v"), moments.v(), 1e-9, 1e-5);
            record("adamW θ", torch.get("theta"), theta);
        }
    }

    @Test
    @DisplayName("learningRate matches LinearLR(start 1/warmup) then CosineAnnealingLR in a SequentialLR (1e-12)")
    void learningRate() throws Exception {
        for (int i = 0; i < SCHEDULES.size(); i++) {
            Schedule s = SCHEDULES.get(i);
            double[] torch = torch("schedule" + i).get("rates");
            assertEquals(s.totalSteps(), torch.length);
            for (int step = 0; step < torch.length; step++) {
                assertEquals(torch[step], TRAINING.learningRate(step, s), 1e-12 * s.maxLearningRate(),
                        "schedule " + i + " step " + step);
            }
        }
    }

    @Test
    @DisplayName("numericalGradients (h = 1e-3) match autograd's dL/dx, dL/dW, dL/db of F.cross_entropy(x·W + b) (1e-5)")
    void numericalGradients() throws Exception {
        for (int i = 0; i < LINEAR.size(); i++) {
            LinearCase c = LINEAR.get(i);
            Map<String, double[]> torch = torch("numerical" + i);
            Training.LinearGradients g = TRAINING.numericalGradients(c.x(), c.w(), c.b(), c.targets(), 1e-3);
            assertClose("case " + i + " dx", torch.get("dx"), g.input(), 1e-5, 1e-5);
            assertClose("case " + i + " dW", torch.get("dw"), g.weight(), 1e-5, 1e-5);
            assertClose("case " + i + " db", torch.get("db"), g.bias(), 1e-5, 1e-5);
            record("numericalGradients vs autograd", torch.get("dx"), g.input());
            record("numericalGradients vs autograd", torch.get("dw"), g.weight());
            record("numericalGradients vs autograd", torch.get("db"), g.bias());
        }
    }

    @Test
    @DisplayName("the bigram training loop's 30 losses and gradient norms are PyTorch's (1e-5), and the loss falls below 0.6")
    void bigramTraining() throws Exception {
        Map<String, double[]> torch = torch("bigram");
        List<BigramTraining.Logged> log = BigramTraining.train(TRAINING);
        assertEquals(BigramTraining.STEPS, log.size());
        for (BigramTraining.Logged step : log) {
            assertEquals(torch.get("losses")[step.step()], step.loss(), 1e-5, "loss at step " + step.step());
            assertEquals(torch.get("norms")[step.step()], step.gradientNorm(), 1e-5, "norm at step " + step.step());
            WORST.merge("bigram run, loss per step", Math.abs(torch.get("losses")[step.step()] - step.loss()),
                    Math::max);
        }
        assertTrue(log.getLast().loss() < 0.6, "final loss " + log.getLast().loss());
        assertTrue(log.getFirst().gradientNorm() > BigramTraining.MAX_NORM, "the first step is clipped");
    }
}
