package dev.llmf.reference.backend;

import dev.llmf.reference.backend.cuda.CudaBackend;
import dev.llmf.reference.backend.cuda.CudaDevice;
import dev.llmf.reference.backend.cuda.CudaLibraries;
import dev.llmf.reference.backend.cuda.CudaUnavailableException;

import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Chooses the compute backend once per JVM from the system property {@code llmf.backend}:
 *
 * <ul>
 *   <li>{@code auto} (the default): CUDA when its libraries load, a device answers and passes a self-test; else the
 *       CPU, with one INFO log line saying why;</li>
 *   <li>{@code cuda}: the same, but a CUDA failure is logged as a WARNING (it was asked for) — still a fallback to
 *       the CPU, never a crash: a grader must keep grading;</li>
 *   <li>{@code cpu}: the CPU, CUDA is not touched.</li>
 * </ul>
 *
 * The choice is logged in one line (INFO; WARNING when CUDA was asked for and is missing).
 *
 * Any other value is a configuration mistake and throws. {@code llmf.cuda.fast=true} selects TF32 products on the
 * GPU (a looser tolerance, for the demo). {@link #describe()} tells which backend runs and why.
 */
public final class Backends {

    public static final String PROPERTY = "llmf.backend";
    public static final String FAST_PROPERTY = "llmf.cuda.fast";

    private static final Logger LOG = Logger.getLogger(Backends.class.getName());
    private static volatile Selection selected;

    /** A chosen backend and why it was chosen. */
    public record Selection(ComputeBackend backend, String reason) {

        /** "cpu" or "cuda". */
        public String kind() {
            return backend instanceof CudaBackend ? "cuda" : "cpu";
        }
    }

    /** What opens a CUDA backend; a test passes one that fails in a chosen way. */
    @FunctionalInterface
    public interface CudaOpener {
        ComputeBackend open() throws CudaUnavailableException;
    }

    private Backends() {
    }

    /** The backend every reference component uses by default. */
    public static ComputeBackend current() {
        return selection().backend();
    }

    /** The backend in use and why, chosen on first use. */
    public static Selection selection() {
        Selection s = selected;
        if (s == null) {
            synchronized (Backends.class) {
                if (selected == null) {
                    selected = choose(System.getProperty(PROPERTY, "auto"), Backends::openCuda);
                }
                s = selected;
            }
        }
        return s;
    }

    /** E.g. "cpu (Vector API, …) — llmf.backend=auto: libcuda.so.1 not found (…)". */
    public static String describe() {
        Selection s = selection();
        return s.backend().describe() + " — " + s.reason();
    }

    /**
     * The backend for {@code requested} ({@code auto}, {@code cpu} or {@code cuda}, any case), opening CUDA with
     * {@code cuda} when asked to; logs one line when CUDA was wanted but cannot be used.
     *
     * @throws IllegalArgumentException for any other value
     */
    public static Selection choose(String requested, CudaOpener cuda) {
        String choice = requested.strip().toLowerCase(Locale.ROOT);
        switch (choice) {
            case "cpu":
                LOG.info(() -> PROPERTY + "=cpu: using the CPU backend");
                return new Selection(new CpuBackend(), PROPERTY + "=cpu");
            case "auto", "cuda":
                try {
                    ComputeBackend backend = cuda.open();
                    LOG.info(() -> PROPERTY + "=" + choice + ": using the CUDA backend: " + backend.describe());
                    return new Selection(backend, PROPERTY + "=" + choice + ": a CUDA device answered");
                } catch (CudaUnavailableException | RuntimeException | LinkageError e) {
                    String why = firstLine(e.getMessage());
                    LOG.log(Level.FINE, "why CUDA is unavailable, in full", e);
                    Level level = choice.equals("cuda") ? Level.WARNING : Level.INFO;
                    LOG.log(level, () -> PROPERTY + "=" + choice + ": using the CPU backend because CUDA is unavailable: "
                            + why);
                    return new Selection(new CpuBackend(), PROPERTY + "=" + choice + ", CUDA unavailable: " + why);
                }
            default:
                throw new IllegalArgumentException(PROPERTY + " (" + requested + ") must be one of auto, cpu, cuda");
        }
    }

    private static ComputeBackend openCuda() throws CudaUnavailableException {
        return new CudaBackend(CudaDevice.open(CudaLibraries.fromSystem()), Boolean.getBoolean(FAST_PROPERTY));
    }

    // An NVRTC log can run to many lines: the log line and the health endpoint get the first one and a count.
    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        String[] lines = message.strip().split("\n");
        return lines.length == 1 ? lines[0] : lines[0] + " (+" + (lines.length - 1) + " more lines)";
    }
}
