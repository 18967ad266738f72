package dev.llmf.bench;

import java.util.List;
import java.util.Locale;

/** {@link GpuBench}'s table: milliseconds per call, and the ratios to PyTorch that the targets are about. */
final class GpuReport {

    private GpuReport() {
    }

    static String markdown(String device, boolean smoke, List<GpuBench.Row> rows, TorchBaseline.Results torch) {
        StringBuilder out = new StringBuilder("# GPU benchmark\n\n").append(device)
                .append(smoke ? " — smoke run (tiny shapes, one call each: not a measurement)" : "").append("\n\n")
                .append("Best call, ms. cuda: the CUDA backend, fp32 (tf32: fast mode). cpu: the CPU backend (batch time"
                        + " = one sequence × B). torch: PyTorch eager on the same GPU (fp32 with SDPA attention; bf16 for"
                        + " the model's fast column, TF32 for matmul).\n\n")
                .append("| case | cuda fp32 | cuda tf32 | cpu | torch fp32 | torch fast | cuda/torch fp32 | tf32/torch fast"
                        + " | cuda TFLOP/s | target |\n")
                .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (GpuBench.Row r : rows) {
            Double t = torch.millis().get(r.torchKey());
            Double tf = r.torchFastKey() == null ? null : torch.millis().get(r.torchFastKey());
            out.append("| ").append(r.name()).append(" | ").append(ms(r.cuda())).append(" | ").append(ms(r.fast()))
                    .append(" | ").append(ms(r.cpu())).append(" | ").append(t == null ? "–" : ms(t)).append(" | ")
                    .append(tf == null ? "–" : ms(tf)).append(" | ").append(t == null ? "–" : ratio(r.cuda() / t))
                    .append(" | ").append(tf == null ? "–" : ratio(r.fast() / tf)).append(" | ")
                    .append(String.format(Locale.ROOT, "%.1f", r.flops() / (r.cuda() * 1e-3) / 1e12)).append(" | ")
                    .append(r.target()).append(" |\n");
        }
        if (torch.problem() != null) {
            out.append("\ntorch: ").append(torch.problem()).append('\n');
        }
        return out.toString();
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, v < 10 ? "%.3f" : "%.1f", v);
    }

    private static String ratio(double v) {
        return String.format(Locale.ROOT, "%.2f×", v);
    }
}
