package dev.llmf.reference.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.llmf.reference.backend.Backends;
import dev.llmf.reference.backend.CpuBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llmf.backend=auto|cpu|cuda}: what is chosen, the one log line when CUDA cannot be used, and bad values. */
class BackendSelectionTest {

    private final List<LogRecord> logged = new ArrayList<>();
    private final Logger logger = Logger.getLogger(Backends.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                logged.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        logger.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        logger.removeHandler(capture);
    }

    private static Backends.CudaOpener openerWith(Map<String, String> properties) {
        return () -> new CudaBackend(CudaDevice.open(CudaLibraries.withOverrides(properties)), false);
    }

    private String onlyLogLine() {
        assertEquals(1, logged.size(), "exactly one log line expected, got " + logged.size());
        LogRecord record = logged.getFirst();
        return record.getLevel() + " " + new java.util.logging.SimpleFormatter().formatMessage(record);
    }

    @Test
    @DisplayName("cpu: the CPU backend, CUDA not even tried, one line logged")
    void cpu() {
        Backends.Selection s = Backends.choose("cpu", () -> fail("CUDA must not be opened for llmf.backend=cpu"));
        assertInstanceOf(CpuBackend.class, s.backend());
        assertEquals("cpu", s.kind());
        assertEquals("llmf.backend=cpu", s.reason());
        assertEquals("INFO llmf.backend=cpu: using the CPU backend", onlyLogLine());
    }

    @Test
    @DisplayName("auto with a device that opens: the CUDA backend, and one INFO line describing it")
    void auto_deviceOpens_usesCuda() {
        CudaBackend emulated = new CudaBackend(new EmulatedDevice(), "emulated device", false);
        Backends.Selection s = Backends.choose("auto", () -> emulated);
        assertEquals(emulated, s.backend());
        assertEquals("cuda", s.kind());
        assertEquals("llmf.backend=auto: a CUDA device answered", s.reason());
        assertEquals("INFO llmf.backend=auto: using the CUDA backend: emulated device, fp32", onlyLogLine());
    }

    @Test
    @DisplayName("auto with a driver path that does not exist: the CPU, and one INFO line naming the path")
    void auto_missingDriver_fallsBackToCpu() {
        Backends.Selection s = Backends.choose("auto", openerWith(Map.of("llmf.cuda.driver", "/nonexistent/libcuda.so.1")));
        assertInstanceOf(CpuBackend.class, s.backend());
        assertEquals("llmf.backend=auto, CUDA unavailable: llmf.cuda.driver=/nonexistent/libcuda.so.1: no such file",
                s.reason());
        assertEquals("INFO llmf.backend=auto: using the CPU backend because CUDA is unavailable: "
                + "llmf.cuda.driver=/nonexistent/libcuda.so.1: no such file", onlyLogLine());
    }

    @Test
    @DisplayName("cuda asked for but the file is no library: the CPU, with a WARNING saying it cannot be loaded")
    void cuda_notALibrary_fallsBackWithWarning(@TempDir Path dir) throws IOException {
        Path fake = Files.writeString(dir.resolve("libcuda.so.1"), "not an ELF file");
        Backends.Selection s = Backends.choose("CUDA", openerWith(Map.of("llmf.cuda.driver", fake.toString())));
        assertInstanceOf(CpuBackend.class, s.backend());
        String line = onlyLogLine();
        assertTrue(line.startsWith("WARNING llmf.backend=cuda: using the CPU backend because CUDA is unavailable: "
                + "cannot load " + fake), line);
    }

    @Test
    @DisplayName("a library without the CUDA symbols (libc as the driver): the CPU, naming the missing symbol")
    void auto_wrongLibrary_namesMissingSymbol() {
        Path libc = Path.of("/lib/x86_64-linux-gnu/libc.so.6");
        assumeTrue(Files.isRegularFile(libc), "no " + libc + " on this machine");
        Backends.Selection s = Backends.choose("auto", openerWith(Map.of("llmf.cuda.driver", libc.toString())));
        assertInstanceOf(CpuBackend.class, s.backend());
        assertEquals("llmf.backend=auto, CUDA unavailable: symbol cuInit is missing from libc.so.6 "
                + "(a different version of the library?)", s.reason());
    }

    @Test
    @DisplayName("whatever the opener throws, even an unexpected exception, ends on the CPU instead of a crash")
    void auto_unexpectedFailure_fallsBack() {
        Backends.Selection s = Backends.choose("auto", () -> {
            throw new IllegalStateException("driver exploded\nsecond line");
        });
        assertInstanceOf(CpuBackend.class, s.backend());
        assertEquals("llmf.backend=auto, CUDA unavailable: driver exploded (+1 more lines)", s.reason());
    }

    @Test
    @DisplayName("a value that is not auto, cpu or cuda is a configuration error")
    void bogusValue_throws() {
        var e = assertThrows(IllegalArgumentException.class, () -> Backends.choose("gpu", () -> fail("not opened")));
        assertEquals("llmf.backend (gpu) must be one of auto, cpu, cuda", e.getMessage());
    }

    @Test
    @DisplayName("this JVM's backend is described with the reason it was chosen")
    void describe_namesBackendAndReason() {
        String description = Backends.describe();
        assertTrue(description.contains(" — llmf.backend="), description);
        assertTrue(description.startsWith(Backends.selection().kind()), description);
    }
}
