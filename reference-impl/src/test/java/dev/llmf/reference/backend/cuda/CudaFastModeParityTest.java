package dev.llmf.reference.backend.cuda;

import dev.llmf.contract.LanguageModel;
import java.util.List;
import org.junit.jupiter.api.Tag;

/** The parity suite on a real GPU in fast mode (TF32 products), with {@link BackendParityCases#fastMode} tolerances. */
@Tag("gpu")
class CudaFastModeParityTest extends BackendParityCases {

    private CudaBackend backend;

    @Override
    CudaBackend backend() {
        if (backend == null) {
            backend = new CudaBackend(GpuDevice.require(), true);
        }
        return backend;
    }

    @Override
    int maxSize() {
        return 700;
    }

    @Override
    Tolerance tolerance(Tolerance fp32) {
        return fastMode(fp32);
    }

    @Override
    List<LanguageModel.Config> modelConfigs(LanguageModel.Positional positional) {
        return CudaParityTest.largerModels(super.modelConfigs(positional), positional);
    }
}
