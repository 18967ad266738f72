package dev.llmf.reference.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The foreign-function bindings without a GPU: each binding asks for the symbols of the CUDA 13 libraries by their
 * exported names and builds a downcall handle for each descriptor (which rejects an impossible descriptor or
 * option); nothing is called. The lookup hands out a harmless real address for every name it is asked for.
 */
class BindingsTest {

    private final Set<String> asked = new TreeSet<>();
    private final MemorySegment someFunction = Linker.nativeLinker().defaultLookup().find("strlen").orElseThrow();
    private final NativeLibrary anyLibrary = new NativeLibrary("fake", name -> {
        asked.add(name);
        return Optional.of(someFunction);
    });

    @Test
    @DisplayName("the driver binding asks for the driver API's _v2 entry points where CUDA has them")
    void driver() throws Exception {
        new Driver(anyLibrary);
        assertEquals(new TreeSet<>(Set.of("cuInit", "cuDriverGetVersion", "cuDeviceGetCount", "cuDeviceGet",
                "cuDeviceGetName", "cuDeviceGetAttribute", "cuDevicePrimaryCtxRetain",
                "cuDevicePrimaryCtxRelease_v2", "cuCtxSetCurrent",
                "cuCtxSynchronize", "cuMemGetInfo_v2", "cuMemAlloc_v2", "cuMemFree_v2", "cuMemcpyHtoD_v2",
                "cuMemcpyDtoH_v2", "cuMemcpyDtoD_v2", "cuModuleLoadData", "cuModuleGetFunction", "cuLaunchKernel",
                "cuGetErrorName")), asked);
    }

    @Test
    @DisplayName("the NVRTC binding")
    void nvrtc() throws Exception {
        new Nvrtc(anyLibrary);
        assertEquals(new TreeSet<>(Set.of("nvrtcVersion", "nvrtcCreateProgram", "nvrtcCompileProgram",
                "nvrtcGetProgramLogSize", "nvrtcGetProgramLog", "nvrtcGetPTXSize", "nvrtcGetPTX",
                "nvrtcDestroyProgram", "nvrtcGetErrorString", "nvrtcGetNumSupportedArchs", "nvrtcGetSupportedArchs")),
                asked);
    }

    @Test
    @DisplayName("the cuBLAS binding (binding only: the handle is created on a device)")
    void cublas() throws Exception {
        new Cublas(anyLibrary);
        assertEquals(new TreeSet<>(Set.of("cublasCreate_v2", "cublasDestroy_v2", "cublasSetMathMode",
                "cublasSgemm_v2", "cublasSgemmStridedBatched")), asked);
    }

    @Test
    @DisplayName("a missing symbol is a clear reason, not a NoSuchElementException")
    void missingSymbol() {
        NativeLibrary empty = new NativeLibrary("libcuda.so.1", name -> Optional.empty());
        var e = assertThrows(CudaUnavailableException.class, () -> new Driver(empty));
        assertEquals("symbol cuInit is missing from libcuda.so.1 (a different version of the library?)", e.getMessage());
    }

    @Test
    @DisplayName("cuBLAS status codes are named")
    void cublasStatusNames() {
        assertEquals("CUBLAS_STATUS_INVALID_VALUE (7)", Cublas.statusName(7));
        assertEquals("cuBLAS status (99)", Cublas.statusName(99));
    }

    @Test
    @DisplayName("the driver must support NVRTC's CUDA version, else a reason that says what to do")
    void versionMismatch() {
        assertEquals(Optional.empty(), CudaDevice.versionMismatch(13000, 13, 0));
        assertEquals(Optional.empty(), CudaDevice.versionMismatch(13010, 13, 0));
        assertEquals(Optional.of("the driver supports CUDA 12.4 but NVRTC is 13.0, whose kernels it cannot load: "
                        + "update the driver, or point llmf.cuda.nvrtc at an NVRTC of CUDA 12.4 or older"),
                CudaDevice.versionMismatch(12040, 13, 0));
    }
}
