package dev.llmf.reference.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.llmf.reference.backend.Backends;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The marker of a whole-suite run on the GPU: with {@code -Dllmf.backend=cuda}, every reference test that builds
 * its component with the default constructor runs on the CUDA backend; this test says whether that really happened
 * (skipped, with the reason, when the reference fell back to the CPU or the property is not set).
 */
@Tag("gpu")
class CudaSuiteRunTest {

    @Test
    @DisplayName("with -Dllmf.backend=cuda the whole reference suite runs on the CUDA backend")
    void suiteRunsOnCuda() {
        assumeTrue("cuda".equalsIgnoreCase(System.getProperty(Backends.PROPERTY)),
                "run with -Dllmf.backend=cuda to run the reference's tests on the GPU");
        Backends.Selection selection = Backends.selection();
        assumeTrue(selection.kind().equals("cuda"), () -> "no CUDA device, the suite ran on the CPU: "
                + selection.reason());
        assertEquals("cuda", selection.kind());
    }
}
