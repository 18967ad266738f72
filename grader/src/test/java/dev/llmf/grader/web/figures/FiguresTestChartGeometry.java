package dev.llmf.grader.web.figures;

import dev.llmf.grader.suites.Check;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart builders' geometry, against numbers worked out by hand from the layout: a probability bar chart
 * 100 px tall for p = 1 below 14 px of room, groups of 56 px from x = 30; a log scale of 36 px per power of ten
 * from 1e-8, starting at x = 170.
 */
class FiguresTestChartGeometry {

    private static final Check.Tolerance ONE_PERCENT = new Check.Tolerance(0.01, 0);

    @Test
    @DisplayName("probability bars: height p·100, top at 114 − height, the learner's bar 22 px right of the reference's")
    void probabilityBars() {
        BarChart chart = BarChart.of("c", "caption", List.of("a", "b"), new double[] {0.25, 0.75},
                new double[] {0.25, 0.5}, ONE_PERCENT);
        assertEquals(4, chart.bars().size());
        BarChart.Bar reference0 = chart.bars().get(0);
        assertEquals(36, reference0.x());                // 30 + 6
        assertEquals(25, reference0.height());
        assertEquals(89, reference0.y());                // 14 + 100 − 25
        assertEquals("reference", reference0.kind());
        assertEquals("0.25", reference0.value());
        BarChart.Bar learner0 = chart.bars().get(1);
        assertEquals(58, learner0.x());                  // 36 + 20 + 2
        assertEquals("learner", learner0.kind());
        BarChart.Bar reference1 = chart.bars().get(2);
        assertEquals(92, reference1.x());                // 30 + 56 + 6
        assertEquals(75, reference1.height());
        BarChart.Bar learner1 = chart.bars().get(3);
        assertEquals(114, learner1.x());
        assertEquals(50, learner1.height());
        assertEquals(64, learner1.y());
        assertEquals("differs", learner1.kind(), "0.5 is 0.25 from 0.75, beyond 0.01");
        assertEquals(146, chart.width());                // 30 + 2·56 + 4
        assertEquals(132, chart.height());               // 14 + 100 + 18
        assertEquals(List.of(114, 64, 14), chart.ticks().stream().map(BarChart.Tick::y).toList(), "0, 0.5, 1");
    }

    @Test
    @DisplayName("probability bars: NaN is a full-height pink bar, values outside [0, 1] are clamped, no learner bars when it failed")
    void oddValues() {
        BarChart chart = BarChart.of("c", "caption", List.of("a", "b"), new double[] {1, 0}, new double[] {Double.NaN, 1.5},
                ONE_PERCENT);
        assertEquals("invalid", chart.bars().get(1).kind());
        assertEquals(100, chart.bars().get(1).height());
        assertEquals("NaN", chart.bars().get(1).value());
        assertEquals(100, chart.bars().get(3).height());
        assertEquals("1.50", chart.bars().get(3).value());
        assertEquals(2, BarChart.of("c", "caption", List.of("a", "b"), new double[] {1, 0}, null, ONE_PERCENT).bars().size());
    }

    @Test
    @DisplayName("log bars: 36 px per power of ten above 1e-8, 0 for 0, clamped at 10; tolerance line at its absolute part")
    void logBars() {
        assertEquals(144, LogBarChart.length(1e-4));     // 4 decades above 1e-8
        assertEquals(36, LogBarChart.length(1e-7));
        assertEquals(0, LogBarChart.length(0));
        assertEquals(0, LogBarChart.length(1e-12));
        assertEquals(324, LogBarChart.length(1e3));      // 9 decades, the top of the scale
        assertEquals(155, LogBarChart.length(2e-4));     // (log10(2e-4) + 8)·36 = 4.30103·36 = 154.8

        List<LogBarChart.Stage> stages = List.of(
                new LogBarChart.Stage("close", "detail", new Difference(1e-6, true, true)),
                new LogBarChart.Stage("far", "detail", new Difference(0.1, true, false)),
                new LogBarChart.Stage("broken", "detail", new Difference(0, false, false)));
        LogBarChart chart = LogBarChart.of("l", "caption", stages, new Check.Tolerance(1e-3, 0));
        assertEquals(170 + 180, chart.toleranceX());     // 1e-3 is 5 decades above 1e-8
        assertEquals(List.of(72, 252, 324), chart.rows().stream().map(LogBarChart.Row::length).toList());
        assertEquals(List.of("pass", "fail", "invalid"), chart.rows().stream().map(LogBarChart.Row::kind).toList());
        assertEquals(List.of(30, 54, 78), chart.rows().stream().map(LogBarChart.Row::y).toList(), "24 + 6, then 24 apart");
        assertEquals("1.0e-01", chart.rows().get(1).value());
        assertEquals(10, chart.ticks().size(), "1e-8 … 10");
        assertEquals(170 + 8 * 36, chart.ticks().get(8).x());
        assertEquals("1", chart.ticks().get(8).text());
    }

    @Test
    @DisplayName("Difference: largest |a − b| over finite values, each checked with the grader's tolerance rule")
    void difference() {
        Difference d = Difference.of("x", new float[] {1, 2, 100}, new float[] {1.5f, 2, 100.5f},
                new Check.Tolerance(0.1, 0.01));
        assertEquals(0.5, d.maxAbs(), 1e-9);
        assertTrue(d.finite());
        assertFalse(d.accepted(), "0.5 > 0.1 + 0.01·1 at the first value");
        assertTrue(Difference.of("x", new float[] {100}, new float[] {100.5f}, new Check.Tolerance(0.1, 0.01)).accepted(),
                "0.5 ≤ 0.1 + 0.01·100");
        Difference nan = Difference.of("x", new float[] {1, 2}, new float[] {Float.NaN, 2.25f}, Check.SINGLE_OP);
        assertFalse(nan.finite());
        assertEquals(0.25, nan.maxAbs(), 1e-9);
        LearnerFigure.Unusable wrong = assertThrows(LearnerFigure.Unusable.class,
                () -> Difference.of("output", new float[] {1, 2}, new float[] {1}, Check.SINGLE_OP));
        assertEquals("your output has 1 values; the reference's has 2", wrong.getMessage());
    }

    @Test
    @DisplayName("token chips: bytes grey, learned tokens by id in 8 tones, spaces shown, differing from the given index on")
    void chips() {
        List<TokenChip> chips = TokenChip.of(new int[] {108, 256, 265, 32}, id -> switch (id) {
            case 108 -> new byte[] {'l'};
            case 256 -> new byte[] {'l', 'o'};
            case 32 -> new byte[] {' '};
            default -> null;
        }, 2);
        assertEquals(List.of("byte", "tone-0", "tone-1", "byte"), chips.stream().map(TokenChip::tone).toList());
        assertEquals(List.of("l", "lo", "?", "␣"), chips.stream().map(TokenChip::text).toList());
        assertEquals(List.of(false, false, true, true), chips.stream().map(TokenChip::differs).toList());
        assertEquals("a␊␉␡é", TokenChip.text("a\n\t\u007fé".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "U+240A, U+2409, U+2421; é stays");
    }
}
