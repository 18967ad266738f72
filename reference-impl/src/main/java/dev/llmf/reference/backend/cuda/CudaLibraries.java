package dev.llmf.reference.backend.cuda;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Finds the three CUDA libraries the backend binds to. Each may be named by a system property (a full path); else
 * it is searched for in {@code LD_LIBRARY_PATH}, the folders listed in {@code /etc/ld.so.conf.d}, and the usual
 * driver and toolkit folders. Searching files first means a machine without CUDA never calls a restricted
 * foreign-function method (which would print a warning); only when nothing is found and native access is enabled
 * does it also ask the dynamic loader by name.
 */
@SuppressWarnings("restricted")   // calling native code is this class's job; the JVM gets --enable-native-access
public final class CudaLibraries {

    /**
     * A library: its file name, the system property that may give its path, and the prefix of a companion library it
     * opens by name from its own folder (NVRTC its builtins, cuBLAS cuBLASLt), which is loaded first so the dynamic
     * loader finds it even when that folder is not on its search path.
     */
    public enum Library {
        DRIVER("libcuda.so.1", "llmf.cuda.driver", null),
        NVRTC("libnvrtc.so.13", "llmf.cuda.nvrtc", "libnvrtc-builtins.so.13"),
        CUBLAS("libcublas.so.13", "llmf.cuda.cublas", "libcublasLt.so.13");

        final String fileName;
        final String property;
        final String companion;

        Library(String fileName, String property, String companion) {
            this.fileName = fileName;
            this.property = property;
            this.companion = companion;
        }

        public String property() {
            return property;
        }
    }

    private static final List<String> USUAL_FOLDERS = List.of(
            "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/lib/x86_64-linux-gnu", "/usr/lib/wsl/lib",
            "/usr/local/nvidia/lib64", "/usr/local/cuda/targets/x86_64-linux/lib", "/usr/local/cuda/lib64");

    private final Function<String, String> properties;
    private final List<Path> folders;

    /** {@code properties} answers the {@code llmf.cuda.*} names (null: not set); {@code folders} are searched in order. */
    public CudaLibraries(Function<String, String> properties, List<Path> folders) {
        this.properties = properties;
        this.folders = List.copyOf(folders);
    }

    /** The system properties and the default folders. */
    public static CudaLibraries fromSystem() {
        return new CudaLibraries(System::getProperty, defaultFolders());
    }

    /** As {@link #fromSystem()} but with the given property values, e.g. {@code Map.of("llmf.cuda.driver", "/x")}. */
    public static CudaLibraries withOverrides(Map<String, String> overrides) {
        return new CudaLibraries(overrides::get, defaultFolders());
    }

    /** Where {@code library} is, or why it cannot be used. */
    public Path locate(Library library) throws CudaUnavailableException {
        String configured = properties.apply(library.property);
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured.strip());
            if (!Files.isRegularFile(path)) {
                throw new CudaUnavailableException(library.property + "=" + configured + ": no such file");
            }
            return path;
        }
        for (Path folder : folders) {
            Path candidate = folder.resolve(library.fileName);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new CudaUnavailableException(library.fileName + " not found (searched " + folders.size()
                + " folders: LD_LIBRARY_PATH, /etc/ld.so.conf.d, /usr/lib…, /usr/local/cuda…; set -D"
                + library.property + "=<path> to name it)");
    }

    /** Loads {@code library} for the life of {@code arena}. */
    NativeLibrary load(Library library, Arena arena) throws CudaUnavailableException {
        try {
            Path path = locate(library);
            Optional<Path> companion = companion(path, library);
            if (companion.isPresent()) {
                NativeLibrary.load(companion.get(), arena);
            }
            return NativeLibrary.load(path, arena);
        } catch (CudaUnavailableException notFound) {
            boolean configured = properties.apply(library.property) != null;
            if (configured || !CudaLibraries.class.getModule().isNativeAccessEnabled()) {
                throw notFound;
            }
            try {   // the dynamic loader may know a folder we did not search (its cache)
                return new NativeLibrary(library.fileName, SymbolLookup.libraryLookup(library.fileName, arena));
            } catch (IllegalArgumentException e) {
                throw notFound;
            }
        }
    }

    /** The companion of {@code library} beside it, e.g. libnvrtc-builtins.so.13.0 (not the ".alt" variant). */
    static Optional<Path> companion(Path library, Library kind) {
        Path folder = library.toAbsolutePath().getParent();
        if (kind.companion == null || folder == null) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().startsWith(kind.companion)).sorted().findFirst();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    static List<Path> defaultFolders() {
        Set<String> folders = new LinkedHashSet<>();
        String ldPath = System.getenv("LD_LIBRARY_PATH");
        if (ldPath != null) {
            Stream.of(ldPath.split(":")).filter(s -> !s.isBlank()).forEach(folders::add);
        }
        folders.addAll(ldConfigFolders(Path.of("/etc/ld.so.conf.d")));
        folders.addAll(USUAL_FOLDERS);
        return folders.stream().map(Path::of).toList();
    }

    // The absolute folders named in *.conf files (what ldconfig caches); include lines and comments are skipped.
    static List<String> ldConfigFolders(Path confDir) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(confDir)) {
            for (Path conf : files.filter(f -> f.toString().endsWith(".conf")).sorted().toList()) {
                for (String line : Files.readAllLines(conf)) {
                    String folder = line.strip();
                    if (folder.startsWith("/")) {
                        out.add(folder);
                    }
                }
            }
        } catch (IOException | SecurityException e) {
            // no such folder (not Linux, a minimal container): the usual folders remain
        }
        return out;
    }
}
