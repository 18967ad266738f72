package dev.llmf.grader.deadline;

import dev.llmf.grader.api.ApiException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LatePolicyTest {

    @Test
    @DisplayName("per day: each started day after the due date costs the percentage, at most 100")
    void perDay() {
        LatePolicy p = LatePolicy.checked("PER_DAY", new BigDecimal("10"), null);
        assertEquals(new BigDecimal("10.00"), p.penaltyPercent(Duration.ofSeconds(1)));
        assertEquals(new BigDecimal("10.00"), p.penaltyPercent(Duration.ofHours(24)));
        assertEquals(new BigDecimal("20.00"), p.penaltyPercent(Duration.ofHours(24).plusSeconds(1)));
        assertEquals(new BigDecimal("100.00"), p.penaltyPercent(Duration.ofDays(30)));
        assertEquals("10% off per day late (each started day)", p.describe());
    }

    @Test
    @DisplayName("a fixed factor costs the same however late; none costs nothing")
    void factorAndNone() {
        LatePolicy factor = LatePolicy.checked("factor", null, new BigDecimal("0.8"));
        assertEquals(new BigDecimal("20.00"), factor.penaltyPercent(Duration.ofMinutes(1)));
        assertEquals(new BigDecimal("20.00"), factor.penaltyPercent(Duration.ofDays(9)));
        assertEquals("late scores count 80%", factor.describe());
        assertEquals(new BigDecimal("0.00"), LatePolicy.checked("NONE", null, null).penaltyPercent(Duration.ofDays(3)));
    }

    @Test
    @DisplayName("out-of-range numbers and unknown policies are 400s that say what is allowed")
    void checks() {
        assertEquals(400, assertThrows(ApiException.class, () -> LatePolicy.checked("PER_DAY", BigDecimal.ZERO, null)).status());
        assertEquals(400, assertThrows(ApiException.class, () -> LatePolicy.checked("FACTOR", null, BigDecimal.ONE)).status());
        assertEquals(400, assertThrows(ApiException.class, () -> LatePolicy.checked("weekly", null, null)).status());
    }
}
