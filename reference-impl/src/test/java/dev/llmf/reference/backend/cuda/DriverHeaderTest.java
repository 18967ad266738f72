package dev.llmf.reference.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The driver binding's descriptors against the prototypes in the CUDA toolkit's {@code cuda.h}, where one is
 * installed (no GPU needed; skipped, visibly, without it): {@code CUdeviceptr} and {@code size_t} must be 64-bit,
 * handles and out-parameters addresses, {@code int}s and enums 32-bit. A {@code _v2} symbol is checked against the
 * prototype the header declares under its base name (cuda.h renames {@code cuMemAlloc} to {@code cuMemAlloc_v2}),
 * the first one, not the 32-bit legacy declarations further down.
 */
class DriverHeaderTest {

    private static final List<Path> HEADERS = List.of(Path.of("/usr/local/cuda/include/cuda.h"),
            Path.of("/usr/local/cuda-13.0/include/cuda.h"));

    @Test
    @DisplayName("every driver call's descriptor matches its C prototype in cuda.h")
    void descriptorsMatchCudaH() throws IOException, CudaUnavailableException {
        Optional<Path> header = HEADERS.stream().filter(Files::isRegularFile).findFirst();
        assumeTrue(header.isPresent(), "no cuda.h in " + HEADERS + ": the descriptors were not compared");
        String text = Files.readString(header.get());
        MemorySegment someFunction = Linker.nativeLinker().defaultLookup().find("strlen").orElseThrow();
        NativeLibrary library = new NativeLibrary("recorded", name -> Optional.of(someFunction));
        new Driver(library);
        Map<String, FunctionDescriptor> bound = library.boundFunctions();
        assertTrue(bound.size() >= 20, "the driver binds " + bound.size() + " functions");
        for (var entry : bound.entrySet()) {
            String symbol = entry.getKey();
            List<Class<?>> expected = prototype(text, symbol);
            assertEquals(expected, carriers(entry.getValue()), symbol + " (C arguments, then the result)");
        }
    }

    // The carriers of a descriptor's arguments followed by its result's.
    private static List<Class<?>> carriers(FunctionDescriptor descriptor) {
        List<Class<?>> out = new ArrayList<>();
        Stream.concat(descriptor.argumentLayouts().stream(), descriptor.returnLayout().stream())
                .map(DriverHeaderTest::carrier).forEach(out::add);
        return out;
    }

    private static Class<?> carrier(MemoryLayout layout) {
        return layout instanceof ValueLayout value ? value.carrier() : MemoryLayout.class;
    }

    // The Java carriers of the prototype's parameters followed by int (every driver call returns CUresult).
    private static List<Class<?>> prototype(String header, String symbol) {
        String base = symbol.replaceFirst("_v\\d$", "");
        Matcher m = Pattern.compile("CUresult CUDAAPI " + Pattern.quote(base) + "\\(([^)]*)\\);").matcher(header);
        assertTrue(m.find(), "no prototype of " + base + " in cuda.h");
        // the header must rename base to exactly this symbol, or (unversioned) to no _vN of it
        Matcher renamed = Pattern.compile("#define\\s+" + Pattern.quote(base) + "\\s+(?:__CUDA_API_PT[DS][SZ]\\()?("
                + Pattern.quote(base) + "_v\\d)\\b").matcher(header);
        assertEquals(symbol.equals(base) ? null : symbol, renamed.find() ? renamed.group(1) : null,
                "the entry point cuda.h compiles " + base + " to");
        List<Class<?>> out = new ArrayList<>();
        String parameters = m.group(1).replaceAll("\\s+", " ").strip();
        if (!parameters.equals("void")) {
            for (String parameter : parameters.split(",")) {
                out.add(cType(parameter.strip().replaceFirst("\\s*\\w+$", "")));
            }
        }
        out.add(int.class);
        return out;
    }

    private static Class<?> cType(String type) {
        if (type.contains("*")) {
            return MemorySegment.class;
        }
        return switch (type) {
            case "CUdeviceptr", "size_t", "unsigned long long" -> long.class;
            case "int", "unsigned int", "CUdevice", "CUdevice_attribute", "CUresult" -> int.class;
            case "CUcontext", "CUmodule", "CUfunction", "CUstream" -> MemorySegment.class;   // pointer typedefs
            default -> throw new AssertionError("no Java carrier known for the C type '" + type + "'");
        };
    }
}
