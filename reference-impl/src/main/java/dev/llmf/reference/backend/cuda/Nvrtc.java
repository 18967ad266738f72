package dev.llmf.reference.backend.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.List;

/** NVRTC ({@code libnvrtc.so.13}): compiles CUDA C to PTX at run time, so no native build step is needed. */
@SuppressWarnings("restricted")   // calling native code is this class's job; the JVM gets --enable-native-access
final class Nvrtc {

    private final MethodHandle version, createProgram, compileProgram, getProgramLogSize, getProgramLog;
    private final MethodHandle getPtxSize, getPtx, destroyProgram, getErrorString;
    private final MethodHandle getNumSupportedArchs, getSupportedArchs;

    Nvrtc(NativeLibrary lib) throws CudaUnavailableException {
        version = lib.function("nvrtcVersion", JAVA_INT, ADDRESS, ADDRESS);
        createProgram = lib.function("nvrtcCreateProgram", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT,
                ADDRESS, ADDRESS);
        compileProgram = lib.function("nvrtcCompileProgram", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS);
        getProgramLogSize = lib.function("nvrtcGetProgramLogSize", JAVA_INT, ADDRESS, ADDRESS);
        getProgramLog = lib.function("nvrtcGetProgramLog", JAVA_INT, ADDRESS, ADDRESS);
        getPtxSize = lib.function("nvrtcGetPTXSize", JAVA_INT, ADDRESS, ADDRESS);
        getPtx = lib.function("nvrtcGetPTX", JAVA_INT, ADDRESS, ADDRESS);
        destroyProgram = lib.function("nvrtcDestroyProgram", JAVA_INT, ADDRESS);
        getErrorString = lib.function("nvrtcGetErrorString", ADDRESS, JAVA_INT);
        getNumSupportedArchs = lib.function("nvrtcGetNumSupportedArchs", JAVA_INT, ADDRESS);
        getSupportedArchs = lib.function("nvrtcGetSupportedArchs", JAVA_INT, ADDRESS);
    }

    /** The architectures this NVRTC can compile for, as {@code 10 * major + minor} (e.g. 90 for sm_90), ascending. */
    int[] supportedArchs() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(JAVA_INT);
            check("nvrtcGetNumSupportedArchs", NativeLibrary.call(() -> (int) getNumSupportedArchs.invokeExact(count)));
            int n = count.get(JAVA_INT, 0);
            MemorySegment archs = arena.allocate(JAVA_INT, Math.max(1, n));
            check("nvrtcGetSupportedArchs", NativeLibrary.call(() -> (int) getSupportedArchs.invokeExact(archs)));
            int[] out = archs.asSlice(0, JAVA_INT.byteSize() * n).toArray(JAVA_INT);
            Arrays.sort(out);
            return out;
        }
    }

    /**
     * The architecture to compile for: the device's own if NVRTC knows it, else the newest it knows below it — the
     * driver JIT-compiles older PTX for newer GPUs, so a GPU newer than this NVRTC still gets the GPU backend.
     *
     * @throws CudaUnavailableException when every architecture NVRTC knows is newer than the device
     */
    static int targetArch(int deviceArch, int[] supported) throws CudaUnavailableException {
        if (supported.length == 0) {
            return deviceArch;       // NVRTC listed nothing: try the device's own and let the compiler say
        }
        int best = -1;
        for (int arch : supported) {
            if (arch <= deviceArch && arch > best) {
                best = arch;
            }
        }
        if (best < 0) {
            throw new CudaUnavailableException("this NVRTC compiles for sm_" + supported[0] + " and newer only; the GPU"
                    + " is sm_" + deviceArch);
        }
        return best;
    }

    /** {major, minor}, e.g. {13, 0}. */
    int[] version() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment major = arena.allocate(JAVA_INT);
            MemorySegment minor = arena.allocate(JAVA_INT);
            check("nvrtcVersion", NativeLibrary.call(() -> (int) version.invokeExact(major, minor)));
            return new int[] {major.get(JAVA_INT, 0), minor.get(JAVA_INT, 0)};
        }
    }

    /**
     * Compiles {@code source} and returns the PTX, NUL-terminated, allocated in {@code into}.
     *
     * @throws CudaUnavailableException when the source does not compile; the message holds NVRTC's log
     */
    MemorySegment compile(String source, String name, List<String> options, Arena into)
            throws CudaUnavailableException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment programOut = arena.allocate(ADDRESS);
            MemorySegment src = arena.allocateFrom(source);
            MemorySegment fileName = arena.allocateFrom(name);
            check("nvrtcCreateProgram", NativeLibrary.call(() -> (int) createProgram.invokeExact(programOut, src,
                    fileName, 0, MemorySegment.NULL, MemorySegment.NULL)));
            MemorySegment program = programOut.get(ADDRESS, 0);
            try {
                MemorySegment optionArray = arena.allocate(ADDRESS, Math.max(1, options.size()));
                for (int i = 0; i < options.size(); i++) {
                    optionArray.setAtIndex(ADDRESS, i, arena.allocateFrom(options.get(i)));
                }
                int status = NativeLibrary.call(() -> (int) compileProgram.invokeExact(program, options.size(),
                        optionArray));
                if (status != 0) {
                    String log = log(program, arena);
                    throw new CudaUnavailableException("NVRTC could not compile " + name + " (" + errorString(status)
                            + "): " + firstError(log) + "\n" + log);
                }
                MemorySegment size = arena.allocate(JAVA_LONG);
                check("nvrtcGetPTXSize", NativeLibrary.call(() -> (int) getPtxSize.invokeExact(program, size)));
                MemorySegment ptx = into.allocate(size.get(JAVA_LONG, 0));
                check("nvrtcGetPTX", NativeLibrary.call(() -> (int) getPtx.invokeExact(program, ptx)));
                return ptx;
            } finally {
                NativeLibrary.call(() -> (int) destroyProgram.invokeExact(programOut));
            }
        }
    }

    private String log(MemorySegment program, Arena arena) {
        MemorySegment size = arena.allocate(JAVA_LONG);
        check("nvrtcGetProgramLogSize", NativeLibrary.call(() -> (int) getProgramLogSize.invokeExact(program, size)));
        MemorySegment log = arena.allocate(size.get(JAVA_LONG, 0) + 1);
        check("nvrtcGetProgramLog", NativeLibrary.call(() -> (int) getProgramLog.invokeExact(program, log)));
        return log.getString(0).strip();
    }

    /** The first line of {@code log} that reports an error (or its first line), for one-line messages. */
    static String firstError(String log) {
        String[] lines = log.split("\n");
        for (String line : lines) {
            if (line.contains("error")) {
                return line.strip();
            }
        }
        return lines[0].strip();
    }

    private String errorString(int status) {
        try {
            MemorySegment text = (MemorySegment) getErrorString.invokeExact(status);
            return text.reinterpret(128).getString(0) + " (" + status + ")";
        } catch (Throwable t) {
            return "NVRTC error " + status;
        }
    }

    private void check(String what, int status) {
        if (status != 0) {
            throw new CudaException(what + ": " + errorString(status));
        }
    }
}
