package dev.llmf.grader.seed;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SeedOptionsTest {

    @Test
    @DisplayName("defaults are the big course: 2000 learners, 10 attempts, seed 42, no replace")
    void defaults() {
        assertEquals(new SeedOptions(2000, 10, 42, false), SeedOptions.parse(List.of()));
        assertEquals(new SeedOptions(5, 3, -7, true),
                SeedOptions.parse(List.of("--learners", "5", "--replace", "--attempts", "3", "--seed", "-7")));
    }

    @Test
    @DisplayName("bad options say what is wrong")
    void badOptions() {
        assertEquals("unknown option '--learner'",
                assertThrows(IllegalArgumentException.class, () -> SeedOptions.parse(List.of("--learner", "5"))).getMessage());
        assertEquals("--seed needs a number",
                assertThrows(IllegalArgumentException.class, () -> SeedOptions.parse(List.of("--seed"))).getMessage());
        assertEquals("--attempts needs a whole number, not 'ten'",
                assertThrows(IllegalArgumentException.class, () -> SeedOptions.parse(List.of("--attempts", "ten"))).getMessage());
        assertEquals("--learners (0) must be between 1 and 99999",
                assertThrows(IllegalArgumentException.class, () -> SeedOptions.parse(List.of("--learners", "0"))).getMessage());
    }
}
