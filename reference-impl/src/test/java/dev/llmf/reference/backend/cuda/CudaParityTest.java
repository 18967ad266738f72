package dev.llmf.reference.backend.cuda;

import dev.llmf.contract.LanguageModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;

/**
 * The parity suite on a real GPU, fp32: {@link BackendParityCases} with larger shapes, up to GPT-2 small's widths.
 * Without a usable CUDA device every case is skipped, visibly, with the reason ("no CUDA device: libcuda.so.1 not
 * found …"); CI has no GPU. On a GPU machine: {@code reference-impl/gpu/run-on-gpu.sh} (see the README).
 */
@Tag("gpu")
class CudaParityTest extends BackendParityCases {

    private CudaBackend backend;

    @Override
    CudaBackend backend() {
        if (backend == null) {
            backend = new CudaBackend(GpuDevice.require(), false);
        }
        return backend;
    }

    @Override
    int maxSize() {
        return 700;
    }

    @Override
    List<LanguageModel.Config> modelConfigs(LanguageModel.Positional positional) {
        return largerModels(super.modelConfigs(positional), positional);
    }

    static List<LanguageModel.Config> largerModels(List<LanguageModel.Config> small, LanguageModel.Positional p) {
        List<LanguageModel.Config> configs = new ArrayList<>(small);
        configs.add(new LanguageModel.Config(1000, 128, 128, 4, 2, p));
        configs.add(new LanguageModel.Config(50257, 96, 768, 12, 2, p));   // GPT-2 small's widths, 2 layers
        return configs;
    }
}
