package dev.llmf.grader.sandbox;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The child's harness needs nothing but the JDK, the contract and itself: checked on the class files. */
class HarnessTest {

    @Test
    void theHarnessReferencesOnlyTheJdkTheContractAndItself() throws Exception {
        Set<String> harness = HarnessFiles.classes().stream().map(c -> c.getName().replace('.', '/'))
                .collect(Collectors.toSet());
        assertTrue(harness.contains("dev/llmf/grader/sandbox/SandboxChild"));
        assertTrue(harness.contains("dev/llmf/grader/sandbox/WireDecoder"));
        assertTrue(harness.contains("dev/llmf/grader/sandbox/SharedArrays"));
        Set<String> foreign = new TreeSet<>();
        for (Class<?> c : HarnessFiles.classes()) {
            byte[] bytes;
            try (InputStream in = c.getClassLoader().getResourceAsStream(c.getName().replace('.', '/') + ".class")) {
                bytes = in.readAllBytes();
            }
            ClassModel model = ClassFile.of().parse(bytes);
            for (PoolEntry entry : model.constantPool()) {
                if (entry instanceof ClassEntry ce) {
                    String name = ce.asInternalName();
                    String element = name.replaceFirst("^\\[+L?", "").replaceFirst(";$", "");
                    boolean ok = element.startsWith("java/") || element.startsWith("dev/llmf/contract/")
                            || harness.contains(element) || element.length() == 1;
                    if (!ok) {
                        foreign.add(c.getSimpleName() + " -> " + name);
                    }
                }
            }
        }
        assertEquals(Set.of(), foreign);
    }

    @Test
    void theHarnessDirectoryHoldsExactlyThoseClasses() throws Exception {
        Path dir = HarnessFiles.directory();
        try (var files = Files.walk(dir)) {
            Set<String> written = files.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString().replace(".class", "")).collect(Collectors.toSet());
            Set<String> expected = HarnessFiles.classes().stream().map(c -> c.getName().replace('.', '/'))
                    .collect(Collectors.toSet());
            assertEquals(expected, written);
        }
    }
}
