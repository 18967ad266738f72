package dev.llmf.grader.sandbox;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The basic behaviours on the UNSAFE process sandbox: they run everywhere (no bubblewrap or cgroups needed). The
 * hostile probes are run too, to show what this sandbox does NOT stop and that the probes themselves work.
 */
class ProcessSandboxTest extends AbstractSandboxTest {

    private static final ProcessSandbox SANDBOX = new ProcessSandbox();

    @BeforeAll
    static void compile(@TempDir Path dir) throws Exception {
        compileCorpus(dir);
    }

    @Override
    Sandbox sandbox() {
        return SANDBOX;
    }

    @Override
    JvmSandbox another() {
        return new ProcessSandbox();
    }

    @Test
    void describeSaysItIsUnsafe() {
        assertTrue(SANDBOX.describe().startsWith("UNSAFE"), SANDBOX.describe());
    }

    @Test
    void withoutIsolationTheProbesDoReachTheGrader() throws Exception {
        // not a requirement but a demonstration: what bubblewrap must stop, and proof the probes can detect it
        String files = probe("ReadFiles");
        assertTrue(files.contains(secretPaths().get(0) + " -> LISTED"), files);
        assertEquals("CONNECTED", probe("Network"));
    }

    @Test
    void autoModeFallsBackOnlyWhenBubblewrapIsUnavailable() {
        Sandbox auto = Sandboxes.create("auto");
        if (BubblewrapSandbox.unavailableReason().isPresent()) {
            assertTrue(auto instanceof ProcessSandbox);
            SandboxUnavailableException refused = org.junit.jupiter.api.Assertions.assertThrows(
                    SandboxUnavailableException.class, () -> Sandboxes.create("bubblewrap"));
            assertEquals(BubblewrapSandbox.unavailableReason().get(), refused.getMessage());
        } else {
            assertTrue(auto instanceof BubblewrapSandbox);
            assertTrue(Sandboxes.create("bubblewrap") instanceof BubblewrapSandbox);
        }
        assertTrue(Sandboxes.create("process") instanceof ProcessSandbox);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Sandboxes.create("none"));
    }
}
