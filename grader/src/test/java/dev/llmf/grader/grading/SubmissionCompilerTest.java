package dev.llmf.grader.grading;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compiler options that replace {@code --release 25} on the course's JDK still hold a submission to the
 * course's exported API, and one compiler serves many submissions in a row; string concatenation is compiled inline.
 */
class SubmissionCompilerTest {

    private final SubmissionCompiler compiler = new SubmissionCompiler();

    @Test
    @DisplayName("a submission that names a JDK-internal class (jdk.internal.misc.Unsafe) does not compile")
    void jdkInternalApiIsNotVisible(@TempDir Path out) {
        SubmissionCompiler.Result result = compiler.compile(Map.of("Peek.java", """
                public class Peek {
                    Object unsafe() { return jdk.internal.misc.Unsafe.getUnsafe(); }
                }
                """), out);

        assertFalse(result.success(), "compiled against a non-exported JDK package: " + result.messages());
        assertTrue(result.errorsAsText().contains("jdk.internal.misc"), result.errorsAsText());
    }

    @Test
    @DisplayName("a learner's string + becomes StringBuilder calls, not an invokedynamic the child JVM must bootstrap")
    void stringConcatenationIsInline(@TempDir Path out) throws Exception {
        SubmissionCompiler.Result result = compiler.compile(Map.of("Name.java", """
                public class Name {
                    static String of(String word, int count) { return word + " x" + count; }
                }
                """), out);

        assertTrue(result.success(), result.errorsAsText());
        String classFile = new String(Files.readAllBytes(out.resolve("Name.class")), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertFalse(classFile.contains("makeConcatWithConstants"), "an invokedynamic concatenation");
        assertTrue(classFile.contains("java/lang/StringBuilder"), "no StringBuilder");
    }

    @Test
    @DisplayName("Java 25 code against the contract compiles, again and again with the same compiler")
    void courseCodeCompilesRepeatedly(@TempDir Path out) throws Exception {
        String source = """
                import dev.llmf.contract.Tensor;
                public class Scale {
                    static Tensor twice(Tensor t) {
                        float[] d = t.toArray();
                        for (int i = 0; i < d.length; i++) d[i] *= 2;
                        return Tensor.vector(d);
                    }
                    static String kind(Object o) {
                        return switch (o) { case Integer i when i > 0 -> "positive"; default -> "other"; };
                    }
                }
                """;
        for (int run = 0; run < 3; run++) {
            Path classes = Files.createDirectories(out.resolve("run" + run));
            SubmissionCompiler.Result result = compiler.compile(Map.of("Scale.java", source), classes);

            assertTrue(result.success(), result.errorsAsText());
            assertTrue(Files.isRegularFile(classes.resolve("Scale.class")), "run " + run + " wrote no class file");
        }
    }

    @Test
    @DisplayName("a compile error is reported in the learner's file with its line")
    void compileErrorIsLocated(@TempDir Path out) {
        SubmissionCompiler.Result result = compiler.compile(Map.of("Broken.java", """
                public class Broken {
                    int x() { return "text"; }
                }
                """), out);

        assertFalse(result.success());
        assertTrue(result.messages().stream().anyMatch(m -> m.file().equals("Broken.java") && m.line() == 2
                && m.kind().equals("error")), result.errorsAsText());
    }
}
