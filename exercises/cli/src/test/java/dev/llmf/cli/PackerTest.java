package dev.llmf.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PackerTest {

    static final String T = "exercises/01-tensors/src/main/java/dev/llmf/exercises/tensors/";
    static final String A = "exercises/04-attention/src/main/java/dev/llmf/exercises/attention/";
    static final String B = "exercises/05-transformer-block/src/main/java/dev/llmf/exercises/block/";

    static Path sample(Path tmp) throws IOException {
        return Harness.course(tmp, Harness.map(
                T + "TensorOps.java", "class TensorOps {}",
                T + "util/Helper.java", "class Helper {}",
                "exercises/01-tensors/src/test/java/dev/llmf/exercises/tensors/TensorOpsTest.java", "test",
                "exercises/01-tensors/README.md", "lesson",
                A + "SelfAttention.java", "class SelfAttention {}",
                A + "notes.txt", "not java",
                B + "PreNormBlock.java", "class PreNormBlock {}",
                "exercises/02-tokenizer/src/main/java/dev/llmf/exercises/tokenizer/BpeTokenizer.java", "class BpeTokenizer {}",
                "exercises/05-transformer-block/target/classes/Junk.java", "build output"));
    }

    static List<String> names(List<Packer.SourceFile> files) {
        return files.stream().map(Packer.SourceFile::name).toList();
    }

    @Test
    void onlyTheExercisesOwnMainSources(@TempDir Path tmp) throws IOException {
        Path course = sample(tmp);
        assertEquals(List.of("dev/llmf/exercises/tokenizer/BpeTokenizer.java"),
                names(Packer.collect(course, Exercise.TOKENIZER)));
        List<Packer.SourceFile> tensors = Packer.collect(course, Exercise.TENSORS);
        assertEquals(List.of("dev/llmf/exercises/tensors/TensorOps.java", "dev/llmf/exercises/tensors/util/Helper.java"),
                names(tensors));
        assertEquals(course.resolve(T + "TensorOps.java"), tensors.getFirst().path());
    }

    @Test
    void withTheEarlierExercisesItUses(@TempDir Path tmp) throws IOException {
        Path course = sample(tmp);
        assertEquals(List.of("dev/llmf/exercises/attention/SelfAttention.java",
                        "dev/llmf/exercises/tensors/TensorOps.java", "dev/llmf/exercises/tensors/util/Helper.java"),
                names(Packer.collect(course, Exercise.ATTENTION)));
        assertEquals(List.of("dev/llmf/exercises/block/PreNormBlock.java",
                        "dev/llmf/exercises/attention/SelfAttention.java",
                        "dev/llmf/exercises/tensors/TensorOps.java", "dev/llmf/exercises/tensors/util/Helper.java"),
                names(Packer.collect(course, Exercise.TRANSFORMER_BLOCK)));
    }

    @Test
    void nothingToSubmit(@TempDir Path tmp) throws IOException {
        Path course = sample(tmp);
        CliException e = assertThrows(CliException.class, () -> Packer.collect(course, Exercise.SAMPLER));
        assertEquals(1, e.exitCode());
        assertTrue(e.getMessage().startsWith("nothing to submit: no .java files found in exercises/06-sampler/src/main/java"),
                e.getMessage());
    }

    @Test
    void theSameClassInTwoExercisesIsRefused(@TempDir Path tmp) throws IOException {
        Path course = Harness.course(tmp, Harness.map(
                T + "TensorOps.java", "a",
                "exercises/04-attention/src/main/java/dev/llmf/exercises/tensors/TensorOps.java", "b"));
        CliException e = assertThrows(CliException.class, () -> Packer.collect(course, Exercise.ATTENTION));
        assertTrue(e.getMessage().contains("dev/llmf/exercises/tensors/TensorOps.java is in both"), e.getMessage());
    }
}
