package dev.llmf.bench;

import dev.llmf.contract.Attention;
import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Tensor;
import dev.llmf.reference.ReferenceAttention;
import dev.llmf.reference.ReferenceLanguageModel;
import dev.llmf.reference.backend.CpuBackend;
import dev.llmf.reference.backend.cuda.CudaDevice;
import dev.llmf.reference.backend.cuda.CudaForward;
import dev.llmf.reference.backend.cuda.CudaLibraries;
import dev.llmf.reference.backend.cuda.CudaUnavailableException;
import dev.llmf.reference.backend.cuda.DeviceArena;
import dev.llmf.reference.backend.cuda.DeviceBuffer;
import dev.llmf.reference.backend.cuda.DeviceOps;
import dev.llmf.reference.backend.cuda.DeviceWeights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * GPU benchmark: the CUDA backend (fp32 and TF32 fast mode) against the CPU backend and, with {@code --torch
 * <script>}, PyTorch eager on the same GPU, for matmul, causal multi-head attention and the mini-GPT forward up to
 * GPT-2 small (V=50257, T=1024, d=768, h=12, L=12, batch 8). GPU times keep everything on the device (weights
 * uploaded once, logits left there) and end with a synchronize; the CPU has no batch dimension, so its batch time
 * is one sequence's time × B. Without a usable GPU it prints {@code cuda: unavailable (reason)} and exits 0.
 *
 * <pre>
 *   java … dev.llmf.bench.GpuBench [--smoke] [--torch reference-impl/gpu/torch_baseline.py] [--out table.md]
 *   java … dev.llmf.bench.GpuBench --probe      only says whether CUDA works (exit 3 when not)
 * </pre>
 */
public final class GpuBench {

    /** One case: milliseconds per call for each contender (NaN: not run) and the PyTorch keys to compare with. */
    record Row(String name, double cuda, double fast, double cpu, String torchKey, String torchFastKey,
               String target, double flops) {
    }

    private static final String GPT2 = "gpt:50257:1024:768:12:12:8";

    private final boolean smoke;
    private final DeviceOps fp32;
    private final DeviceOps tf32;
    private final CpuBackend cpu = new CpuBackend();
    private final Harness.Rules gpuRules;
    private final Harness.Rules cpuRules;
    private final List<Row> rows = new ArrayList<>();

    private GpuBench(CudaDevice device, boolean smoke) {
        this.smoke = smoke;
        this.fp32 = new DeviceOps(device, false);
        this.tf32 = new DeviceOps(device, true);
        this.gpuRules = smoke ? new Harness.Rules(0, 0, 1, 1) : new Harness.Rules(0.5, 1, 5, 200);
        this.cpuRules = smoke ? new Harness.Rules(0, 0, 1, 1) : new Harness.Rules(0, 0.5, 1, 5);
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        List<String> flags = new ArrayList<>();
        for (String arg : args) {   // Maven passes all options as one argument
            flags.addAll(List.of(arg.strip().split("\\s+")).stream().filter(f -> !f.isEmpty()).toList());
        }
        for (int i = 0; i < flags.size(); i++) {
            String f = flags.get(i);
            if (f.equals("--torch") || f.equals("--out")) {
                i++;
            } else if (!f.equals("--smoke") && !f.equals("smoke") && !f.equals("--probe")) {
                System.err.println("unknown option " + f
                        + "; usage: GpuBench [--probe] [--smoke] [--torch SCRIPT] [--out FILE]");
                System.exit(2);
            }
        }
        boolean smoke = flags.contains("--smoke") || flags.contains("smoke");
        Path torchScript = option(flags, "--torch");
        Path out = option(flags, "--out");
        CudaDevice device;
        try {
            device = CudaDevice.open(CudaLibraries.fromSystem());
        } catch (CudaUnavailableException e) {
            System.out.println("cuda: unavailable (" + e.getMessage().lines().findFirst().orElse("") + ")");
            if (flags.contains("--probe")) {
                System.exit(3);   // for scripts: no usable device
            }
            return;
        }
        System.out.println("cuda: " + device.describe());
        if (flags.contains("--probe")) {
            long[] memory = device.memoryInfo();
            System.out.printf("cuda: %.1f of %.1f GiB free%n", memory[0] / 1073741824.0, memory[1] / 1073741824.0);
            return;
        }
        GpuBench bench = new GpuBench(device, smoke);
        bench.run();
        TorchBaseline.Results torch = torchScript == null ? new TorchBaseline.Results(Map.of(), "not asked for (--torch)")
                : TorchBaseline.run(torchScript, smoke);
        String table = GpuReport.markdown(device.describe(), smoke, bench.rows, torch);
        System.out.println();
        System.out.println(table);
        if (out != null) {
            Files.writeString(out, table);
        }
    }

    private static Path option(List<String> flags, String name) {
        int at = flags.indexOf(name);
        return at >= 0 && at + 1 < flags.size() ? Path.of(flags.get(at + 1)) : null;
    }

    private void run() {
        for (int n : smoke ? new int[] {256} : new int[] {1024, 4096}) {
            matmul(n);
        }
        for (int[] a : smoke ? new int[][] {{1, 64, 64, 4}} : new int[][] {{8, 256, 384, 6}, {8, 1024, 768, 12}}) {
            attention(a[0], a[1], a[2], a[3]);
        }
        int[][] gpts = smoke ? new int[][] {{512, 64, 64, 4, 2, 1}}
                : new int[][] {{512, 64, 64, 4, 2, 1}, {50257, 256, 384, 6, 6, 8}, {50257, 1024, 768, 12, 12, 8}};
        for (int[] g : gpts) {
            gpt(g[0], g[1], g[2], g[3], g[4], g[5]);
        }
    }

    private void matmul(int n) {
        SplittableRandom random = new SplittableRandom(n);
        Tensor a = random(random, n, n);
        Tensor b = random(random, n, n);
        double[] gpu = onDevice(arena -> {
            long pa = fp32.upload(arena, a).pointer();
            long pb = fp32.upload(arena, b).pointer();
            long pc = arena.allocate((long) n * n).pointer();
            return ops -> ops.matmul(pa, n, pb, n, false, pc, n, n, n, n, false);
        });
        double cpuMs = time(cpuRules, () -> Harness.sink = cpu.matmul(a, b));
        rows.add(new Row("matmul " + n + "³", gpu[0], gpu[1], cpuMs, "matmul:" + n + ":fp32", "matmul:" + n + ":tf32",
                n == 4096 ? "cuBLAS speed: ≈ PyTorch fp32" : "", 2.0 * n * n * n));
    }

    private void attention(int batch, int length, int d, int heads) {
        SplittableRandom random = new SplittableRandom(length);
        Tensor x = random(random, batch * length, d);
        Attention.Weights w = Attention.Weights.random(d, 3);
        Tensor qkv = Tensor.zeros(d, 3 * d);
        for (int r = 0; r < d; r++) {
            System.arraycopy(w.wq().row(r).toArray(), 0, qkv.data(), r * 3 * d, d);
            System.arraycopy(w.wk().row(r).toArray(), 0, qkv.data(), r * 3 * d + d, d);
            System.arraycopy(w.wv().row(r).toArray(), 0, qkv.data(), r * 3 * d + 2 * d, d);
        }
        int rowsX = batch * length;
        double[] gpu = onDevice(arena -> {
            long px = fp32.upload(arena, x).pointer();
            long pw = fp32.upload(arena, qkv).pointer();
            long po = fp32.upload(arena, w.wo()).pointer();
            long pq = arena.allocate((long) rowsX * 3 * d).pointer();
            long pa = arena.allocate((long) rowsX * d).pointer();
            long ps = arena.allocate((long) heads * length * length).pointer();
            long py = arena.allocate((long) rowsX * d).pointer();
            return ops -> {
                ops.matmul(px, d, pw, 3 * d, false, pq, 3 * d, rowsX, 3 * d, d, false);
                ops.causalAttention(pq, pa, ps, batch, length, d, heads);
                ops.matmul(pa, d, po, d, false, py, d, rowsX, d, d, false);
            };
        });
        Tensor oneSequence = x.rows(0, length);
        ReferenceAttention attention = new ReferenceAttention(cpu);
        double cpuMs = batch * time(cpuRules, () -> Harness.sink = attention.multiHead(oneSequence, w,
                new Attention.Options(heads, true, false)));
        String key = "attention:" + batch + ":" + length + ":" + d + ":" + heads;
        rows.add(new Row("causal MHA B=" + batch + " T=" + length + " d=" + d + " h=" + heads, gpu[0], gpu[1], cpuMs,
                key + ":fp32-sdpa", null, "", (double) batch * (8.0 * length * d * d + 4.0 * length * length * d)));
    }

    private void gpt(int vocab, int length, int d, int heads, int layers, int batch) {
        LanguageModel.Config config = new LanguageModel.Config(vocab, length, d, heads, layers,
                LanguageModel.Positional.LEARNED);
        LanguageModel.Weights weights = LanguageModel.Weights.random(config, 1);
        SplittableRandom random = new SplittableRandom(2);
        int[][] tokens = new int[batch][length];
        for (int[] sequence : tokens) {
            for (int t = 0; t < length; t++) {
                sequence[t] = random.nextInt(vocab);
            }
        }
        double[] gpu = onDevice(arena -> {
            DeviceWeights onDevice = DeviceWeights.upload(weights, fp32, arena);
            return ops -> {
                try (DeviceArena temporaries = ops.arena()) {
                    long logits = CudaForward.logits(ops, onDevice, tokens, temporaries);
                    ops.synchronize();   // before the arena frees what the queued work still uses
                    Harness.sink = logits;
                }
            };
        });
        ReferenceLanguageModel model = new ReferenceLanguageModel(cpu);
        double cpuMs = batch * time(cpuRules, () -> Harness.sink = model.forward(weights, tokens[0]));
        String key = "gpt:" + vocab + ":" + length + ":" + d + ":" + heads + ":" + layers + ":" + batch;
        Plan.GptShape shape = new Plan.GptShape(vocab, length, d, heads, layers);
        rows.add(new Row("mini-GPT V=" + vocab + " T=" + length + " d=" + d + " h=" + heads + " L=" + layers
                + " B=" + batch, gpu[0], gpu[1], cpuMs, key + ":fp32-sdpa", key + ":bf16",
                key.equals(GPT2) ? "fp32 ≤ 1.25× PyTorch fp32; fast ≤ 2× PyTorch bf16" : "", batch * shape.flops()));
    }

    /** What a case does on the device, given fp32 or TF32 operations. */
    @FunctionalInterface
    private interface DeviceWork {
        void run(DeviceOps ops);
    }

    @FunctionalInterface
    private interface DeviceSetup {
        DeviceWork prepare(DeviceArena arena);
    }

    /** Sets up the inputs once, then times the work with fp32 and with TF32 products: {fp32 ms, tf32 ms}. */
    private double[] onDevice(DeviceSetup setup) {
        return fp32.inArena(arena -> {
            DeviceWork work = setup.prepare(arena);
            double plain = time(gpuRules, () -> {
                work.run(fp32);
                fp32.synchronize();
            });
            double fast = time(gpuRules, () -> {
                work.run(tf32);
                tf32.synchronize();
            });
            return new double[] {plain, fast};
        });
    }

    private static double time(Harness.Rules rules, Runnable body) {
        return Harness.time(rules, body).best() * 1e3;
    }

    private static Tensor random(SplittableRandom random, int rows, int cols) {
        float[] data = new float[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextDouble() - 0.5);
        }
        return Tensor.of(data, rows, cols);
    }
}
