package dev.llmf.grader.web.figures;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loss curve's geometry against numbers worked out by hand from its layout: a plot 500 px wide from x = 44 and
 * 200 px tall from y = 10 (so y = 210 − loss / top · 200), ticks at a round quarter of the largest loss.
 */
class LossCurveTest {

    @Test
    @DisplayName("three steps: ticks every 0.5 up to 2, the steps at x = 44, 294, 544, a differing step ringed, NaN on the top edge")
    void threeSteps() {
        LossCurve c = LossCurve.of("c", "caption", new double[] {2, 1.5, 1}, new double[] {2, 1.6, Double.NaN},
                new boolean[] {false, true, true});

        assertEquals(List.of(210, 160, 110, 60, 10), c.yTicks().stream().map(LossCurve.Tick::at).toList());
        assertEquals(List.of("0", "0.5", "1", "1.5", "2"), c.yTicks().stream().map(LossCurve.Tick::text).toList());
        assertEquals("44,10 294,60 544,110", c.reference());
        assertEquals(List.of("44,10 294,50"), c.learner(), "1.6 is at 210 − 160; the NaN breaks the line");
        assertEquals(List.of(new LossCurve.Marker(294, 50, "differs", "step 1: your loss 1.6, the reference's 1.5"),
                new LossCurve.Marker(544, 10, "invalid", "step 2: your loss is NaN")), c.markers());
        assertEquals(List.of(44, 544), c.xTicks().stream().map(LossCurve.Tick::at).toList(), "step 0 and the last");
        assertEquals(556, c.width());
        assertEquals(244, c.height());
        assertEquals("M289,58 L294,50 L299,58 Z", c.markers().getFirst().triangle());
    }

    @Test
    @DisplayName("a learner loss far above the reference's stretches the axis to 3× at most and sits on the top edge")
    void offChart() {
        LossCurve c = LossCurve.of("c", "caption", new double[] {1, 1}, new double[] {10, 1}, new boolean[] {true, false});

        assertEquals(List.of("0", "1", "2", "3"), c.yTicks().stream().map(LossCurve.Tick::text).toList());
        assertEquals("off-chart", c.markers().getFirst().kind());
        assertEquals(10, c.markers().getFirst().y());
        assertEquals("44,10 544,143", c.learner().getFirst(), "1 of 3 is 67 px up: 210 − 67");
    }

    @Test
    @DisplayName("without a learner run only the reference is drawn; 30 steps are labelled every 5 and at 29")
    void referenceOnly() {
        double[] losses = new double[30];
        java.util.Arrays.fill(losses, 2.3);
        LossCurve c = LossCurve.of("c", "caption", losses, null, null);

        assertTrue(c.learner().isEmpty() && c.markers().isEmpty());
        assertEquals(List.of("0", "5", "10", "15", "20", "25", "29"),
                c.xTicks().stream().map(LossCurve.Tick::text).toList());
        assertEquals(List.of("0", "1", "2", "3"), c.yTicks().stream().map(LossCurve.Tick::text).toList(),
                "2.3 / 4 = 0.575 rounds up to a step of 1");
    }

    @Test
    @DisplayName("tick steps are 1, 2, 2.5 or 5 times a power of ten")
    void tickSteps() {
        assertEquals(0.5, LossCurve.tickStep(0.5), 1e-12);
        assertEquals(1.0, LossCurve.tickStep(0.75), 1e-12);
        assertEquals(0.25, LossCurve.tickStep(0.21), 1e-12);
        assertEquals(5.0, LossCurve.tickStep(3), 1e-12);
        assertEquals(0.002, LossCurve.tickStep(0.0015), 1e-12);
    }
}
