package dev.llmf.reference.backend.cuda;

/** The parity suite on a real GPU, fp32, held to the grader's tolerances; skipped, with the reason, without one. */
class CudaParityTest extends GpuCases {

    CudaParityTest() {
        super(false);
    }
}
