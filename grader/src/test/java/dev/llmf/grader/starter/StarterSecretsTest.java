package dev.llmf.grader.starter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The starter's secret scan finds each kind of leak, so its empty answer on the real starter means something. */
class StarterSecretsTest {

    private static final String STUB_PATH = "exercises/01-tensors/src/main/java/dev/llmf/exercises/tensors/TensorOps.java";
    private static final String STUB = """
            package dev.llmf.exercises.tensors;
            public class TensorOps {
                private final int[] unused = new int[0];
                public TensorOps() {
                }
                public Object softmax(Object x) {
                    throw new UnsupportedOperationException(
                            "TODO: for each last-dimension row, " + "subtract its max");
                }
            }
            """;

    @TempDir
    Path folder;

    @Test
    void aCleanStarterHasNothingToReport() throws IOException {
        write(STUB_PATH, STUB);
        write("README.md", "Start with ./llmf check tensors.");
        assertEquals(List.of(), StarterSecrets.findIn(folder));
    }

    @Test
    void aReferenceClassIsFoundByItsName() throws IOException {
        write("src/main/java/dev/llmf/extra/ReferenceTokenizer.java", "class ReferenceTokenizer {}");
        assertFound("ReferenceTokenizer.java is named like a reference or suite class");
    }

    @Test
    void aSuiteClassIsFoundByItsName() throws IOException {
        write("lib/TensorsSuite.class", "");
        assertFound("TensorsSuite.class is named like a reference or suite class");
    }

    @Test
    void anImportOfTheReferenceIsFound() throws IOException {
        write("exercises/notes.txt", "import dev.llmf.reference.ReferenceTensorMath;");
        assertFound("mentions dev.llmf.reference");
    }

    @Test
    void aHiddenTestsMessageIsFound() throws IOException {
        String hidden = StarterSecrets.hiddenTexts().iterator().next();
        write("exercises/hint.txt", "the grader says: " + hidden);
        assertFound("holds hidden-suite text: " + hidden);
    }

    @Test
    void aStubWithAnAnswerInItIsFound() throws IOException {
        write(STUB_PATH, STUB.replace("throw new UnsupportedOperationException(\n"
                + "                \"TODO: for each last-dimension row, \" + \"subtract its max\");", "return x;"));
        assertFound("TensorOps.java: softmax has a body that is not the stub's TODO");
    }

    @Test
    void aConstructorThatComputesIsFound() throws IOException {
        write(STUB_PATH, STUB.replace("public TensorOps() {\n", "public TensorOps() {\n        System.gc();\n"));
        assertFound("TensorOps.java: <init> has a body that is not the stub's TODO");
    }

    private void assertFound(String part) throws IOException {
        List<String> found = StarterSecrets.findIn(folder);
        assertTrue(found.stream().anyMatch(f -> f.contains(part)), "expected a finding with '" + part + "' in " + found);
    }

    private void write(String path, String text) throws IOException {
        Path file = folder.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
