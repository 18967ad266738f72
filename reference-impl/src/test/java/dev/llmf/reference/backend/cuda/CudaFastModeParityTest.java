package dev.llmf.reference.backend.cuda;

/** The parity suite on a real GPU in fast mode (TF32 products), with the {@link BackendParityCases#fastMode} tolerances. */
class CudaFastModeParityTest extends GpuCases {

    CudaFastModeParityTest() {
        super(true);
    }
}
