package dev.llmf.reference.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the CUDA libraries are looked for: properties first, then folders in order; clear words when not found. */
class CudaLibrariesTest {

    @Test
    @DisplayName("a library is found in the first folder that holds it")
    void locate_searchesFoldersInOrder(@TempDir Path dir) throws Exception {
        Path first = Files.createDirectories(dir.resolve("a"));
        Path second = Files.createDirectories(dir.resolve("b"));
        Files.writeString(second.resolve("libnvrtc.so.13"), "");
        CudaLibraries libraries = new CudaLibraries(Map.<String, String>of()::get, List.of(first, second));
        assertEquals(second.resolve("libnvrtc.so.13"), libraries.locate(CudaLibraries.Library.NVRTC));
    }

    @Test
    @DisplayName("a property wins over the folders")
    void locate_propertyWins(@TempDir Path dir) throws Exception {
        Path mine = Files.writeString(dir.resolve("my-cublas.so"), "");
        Files.writeString(dir.resolve("libcublas.so.13"), "");
        CudaLibraries libraries = new CudaLibraries(Map.of("llmf.cuda.cublas", mine.toString())::get, List.of(dir));
        assertEquals(mine, libraries.locate(CudaLibraries.Library.CUBLAS));
    }

    @Test
    @DisplayName("not found: the message names the file and the property to set")
    void locate_notFound(@TempDir Path dir) {
        CudaLibraries libraries = new CudaLibraries(Map.<String, String>of()::get, List.of(dir));
        var e = assertThrows(CudaUnavailableException.class, () -> libraries.locate(CudaLibraries.Library.DRIVER));
        assertTrue(e.getMessage().startsWith("libcuda.so.1 not found (searched 1 folders"), e.getMessage());
        assertTrue(e.getMessage().contains("set -Dllmf.cuda.driver=<path>"), e.getMessage());
    }

    @Test
    @DisplayName("the folders of /etc/ld.so.conf.d-style files, without comments and include lines")
    void ldConfigFolders(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("b.conf"), "# CUDA\n/usr/local/cuda-13.0/targets/x86_64-linux/lib\n");
        Files.writeString(dir.resolve("a.conf"), "include /etc/other/*.conf\n/opt/nvidia/lib\n\n");
        Files.writeString(dir.resolve("notes.txt"), "/not/this\n");
        assertEquals(List.of("/opt/nvidia/lib", "/usr/local/cuda-13.0/targets/x86_64-linux/lib"),
                CudaLibraries.ldConfigFolders(dir));
        assertEquals(List.of(), CudaLibraries.ldConfigFolders(dir.resolve("missing")));
    }

    @Test
    @DisplayName("NVRTC's builtins and cuBLAS's cuBLASLt are found beside them (loaded first), the driver has none")
    void companions(@TempDir Path dir) throws IOException {
        for (String f : List.of("libnvrtc.so.13", "libnvrtc-builtins.alt.so.13.0", "libnvrtc-builtins.so.13.0",
                "libcublas.so.13")) {
            Files.writeString(dir.resolve(f), "");
        }
        assertEquals(java.util.Optional.of(dir.resolve("libnvrtc-builtins.so.13.0")),
                CudaLibraries.companion(dir.resolve("libnvrtc.so.13"), CudaLibraries.Library.NVRTC));
        assertEquals(java.util.Optional.empty(),
                CudaLibraries.companion(dir.resolve("libcublas.so.13"), CudaLibraries.Library.CUBLAS));
        assertEquals(java.util.Optional.empty(),
                CudaLibraries.companion(dir.resolve("libcuda.so.1"), CudaLibraries.Library.DRIVER));
    }

    @Test
    @DisplayName("the default search includes the CUDA toolkit's library folder")
    void defaultFolders_includeToolkit() {
        assertTrue(CudaLibraries.defaultFolders().contains(Path.of("/usr/local/cuda/targets/x86_64-linux/lib")));
    }
}
