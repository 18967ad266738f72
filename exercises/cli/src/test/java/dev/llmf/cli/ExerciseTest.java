package dev.llmf.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExerciseTest {

    @ParameterizedTest
    @CsvSource({
            "tensors, TENSORS", "1, TENSORS", "01, TENSORS", "01-tensors, TENSORS",
            "tokenizer, TOKENIZER", "2, TOKENIZER", "02-tokenizer, TOKENIZER", "exercises/02-tokenizer/, TOKENIZER",
            "./exercises/02-tokenizer, TOKENIZER", "Tokenizer, TOKENIZER",
            "embeddings, EMBEDDINGS", "3, EMBEDDINGS", "attention, ATTENTION", "04-attention, ATTENTION",
            "transformer-block, TRANSFORMER_BLOCK", "5, TRANSFORMER_BLOCK", "05-transformer-block, TRANSFORMER_BLOCK",
            "sampler, SAMPLER", "06, SAMPLER", "mini-gpt, MINI_GPT", "7, MINI_GPT", "07-mini-gpt, MINI_GPT",
            "training, TRAINING", "8, TRAINING", "08-training, TRAINING"})
    void resolvesIdsNumbersAndFolders(String text, Exercise expected) {
        assertEquals(expected, Exercise.resolve(text));
    }

    @ParameterizedTest
    @CsvSource({"0", "9", "10", "tokeniser", "02-tensors", "gpt", "''"})
    void unknownExerciseIsAUsageErrorListingTheValidIds(String text) {
        CliException e = assertThrows(CliException.class, () -> Exercise.resolve(text));
        assertEquals(CliException.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("tensors (1), tokenizer (2), embeddings (3), attention (4), "
                + "transformer-block (5), sampler (6), mini-gpt (7), training (8)"), e.getMessage());
    }

    @Test
    void earlierExercisesThatAreSubmittedAlong() {
        assertEquals(Set.of(), Set.copyOf(Exercise.TOKENIZER.uses()));
        assertEquals(Set.of(Exercise.TENSORS), Set.copyOf(Exercise.ATTENTION.uses()));
        assertEquals(Set.of(Exercise.ATTENTION, Exercise.TENSORS), Set.copyOf(Exercise.TRANSFORMER_BLOCK.uses()));
        assertEquals(Set.of(Exercise.TENSORS, Exercise.EMBEDDINGS, Exercise.ATTENTION, Exercise.TRANSFORMER_BLOCK,
                Exercise.SAMPLER), Set.copyOf(Exercise.MINI_GPT.uses()));
        assertEquals(Set.of(), Set.copyOf(Exercise.TRAINING.uses()));
    }

    /** The table above must follow the course: each folder exists, and uses() is what the poms depend on. */
    @Test
    void matchesTheExerciseFoldersAndTheirPoms() throws IOException {
        Path exercises = Path.of("..").toAbsolutePath().normalize();
        if (!Files.isRegularFile(exercises.resolve("01-tensors").resolve("pom.xml"))) {
            return;                                   // not run inside the course's build
        }
        Pattern dep = Pattern.compile("<dependency>\\s*(?:<!--.*?-->\\s*)?<groupId>dev\\.llmf</groupId>\\s*"
                + "<artifactId>llmf-exercise-(\\d\\d)-[a-z-]+</artifactId>(.*?)</dependency>", Pattern.DOTALL);
        for (Exercise e : Exercise.values()) {
            Path pom = exercises.resolve(e.folder()).resolve("pom.xml");
            assertTrue(Files.isRegularFile(pom), pom + " is missing");
            Set<Integer> closure = new TreeSet<>();
            Deque<Exercise> todo = new ArrayDeque<>();
            todo.add(e);
            while (!todo.isEmpty()) {
                Exercise x = todo.pop();
                String text = Files.readString(exercises.resolve(x.folder()).resolve("pom.xml"));
                Matcher m = dep.matcher(text);
                while (m.find()) {
                    if (m.group(2).contains("<scope>test</scope>")) {
                        continue;
                    }
                    int n = Integer.parseInt(m.group(1));
                    if (closure.add(n)) {
                        todo.add(Exercise.values()[n - 1]);
                    }
                }
            }
            Set<Integer> declared = e.uses().stream().map(Exercise::number).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(closure, declared, "earlier exercises of " + e.id());
        }
    }
}
