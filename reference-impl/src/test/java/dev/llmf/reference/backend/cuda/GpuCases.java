package dev.llmf.reference.backend.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.llmf.contract.LanguageModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;

/**
 * {@link BackendParityCases} on the real CUDA device, with larger shapes up to GPT-2 small's widths. The device is
 * opened once per test JVM (and left to the JVM's exit to free); without one every case is skipped, visibly, with
 * the reason ("no CUDA device: libcuda.so.1 not found …"). CI has no GPU; on a GPU machine see
 * {@code reference-impl/gpu/run-on-gpu.sh}.
 */
@Tag("gpu")
abstract class GpuCases extends BackendParityCases {

    private static CudaDevice device;
    private static String unavailable;
    private static boolean tried;

    private CudaBackend backend;

    GpuCases(boolean fast) {
        super(fast);
    }

    /** The device; skips the calling test when there is none. */
    static synchronized CudaDevice requireDevice() {
        if (!tried) {
            tried = true;
            try {
                device = CudaDevice.open(CudaLibraries.fromSystem());
            } catch (CudaUnavailableException e) {
                unavailable = e.getMessage().lines().findFirst().orElse("");
            }
        }
        assumeTrue(device != null, () -> "no CUDA device: " + unavailable);
        return device;
    }

    @Override
    CudaBackend backend() {
        if (backend == null) {
            backend = new CudaBackend(requireDevice(), fast());
        }
        return backend;
    }

    @Override
    int maxSize() {
        return 700;
    }

    @Override
    List<LanguageModel.Config> modelConfigs(LanguageModel.Positional positional) {
        List<LanguageModel.Config> configs = new ArrayList<>(super.modelConfigs(positional));
        configs.add(new LanguageModel.Config(1000, 128, 128, 4, 2, positional));
        configs.add(new LanguageModel.Config(50257, 96, 768, 12, 2, positional));   // GPT-2 small's widths, 2 layers
        return configs;
    }
}
