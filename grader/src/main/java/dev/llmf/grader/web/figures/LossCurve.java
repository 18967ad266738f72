package dev.llmf.grader.web.figures;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A loss curve laid out for inline SVG ({@code tags/lossCurve.html}): the reference's losses per step as a grey
 * line, the learner's as a blue one, and a red ring on every step where the learner's run differs. The y axis runs
 * from 0 to a round number above the reference's largest loss; a learner loss above it (at most three times the
 * reference's largest is still drawn to scale) or not a number sits on the top edge with its own marker. The template
 * only places what this computes.
 */
public record LossCurve(String id, String caption, int width, int height, int plotLeft, int plotRight, int plotTop,
                        int plotBottom, List<Tick> yTicks, List<Tick> xTicks, String reference, List<String> learner,
                        List<Marker> markers) {

    static final int LEFT = 44;          // room for the loss labels
    static final int PLOT_WIDTH = 500;
    static final int TOP = 10;
    static final int PLOT_HEIGHT = 200;
    static final int BOTTOM = 34;        // room for the step labels and the axis title

    /** A grid line at {@code at} (y for the loss axis, x for the step axis) and its label. */
    public record Tick(int at, String text, int textX, int textY) {
    }

    /**
     * A marked step: {@code differs} (the learner's run differs there), {@code off-chart} (its loss is above the
     * top) or {@code invalid} (NaN or infinite). {@code title} says what, for the tooltip.
     */
    public record Marker(int x, int y, String kind, String title) {

        /** An upward triangle on the point, for the kinds that sit on the top edge. */
        public String triangle() {
            return "M" + (x - 5) + "," + (y + 8) + " L" + x + "," + y + " L" + (x + 5) + "," + (y + 8) + " Z";
        }

        public String fill() {
            return kind.equals("invalid") ? "#f6c" : "#f08c00";
        }
    }

    /**
     * @param reference the reference's loss per step
     * @param learner   the learner's loss per step (same length), or null when the learner's run is missing
     * @param differs   per step, whether the learner's run differs from the reference's there (ignored without a
     *                  learner run)
     */
    static LossCurve of(String id, String caption, double[] reference, double[] learner, boolean[] differs) {
        double top = largest(reference);
        if (learner != null) {
            top = Math.max(top, Math.min(largest(learner), 3 * largest(reference)));
        }
        double step = tickStep(top / 4);
        double axisTop = Math.max(step, Math.ceil(top / step - 1e-9) * step);
        List<Tick> yTicks = new ArrayList<>();
        for (int k = 0; k * step <= axisTop + 1e-9; k++) {
            int y = y(k * step, axisTop);
            yTicks.add(new Tick(y, format(k * step), LEFT - 6, y + 4));
        }
        int steps = reference.length;
        List<Tick> xTicks = new ArrayList<>();
        for (int s = 0; s < steps; s += 5) {
            xTicks.add(new Tick(x(s, steps), String.valueOf(s), x(s, steps), TOP + PLOT_HEIGHT + 14));
        }
        if ((steps - 1) % 5 != 0) {
            xTicks.add(new Tick(x(steps - 1, steps), String.valueOf(steps - 1), x(steps - 1, steps),
                    TOP + PLOT_HEIGHT + 14));
        }
        List<String> segments = new ArrayList<>();
        List<Marker> markers = new ArrayList<>();
        if (learner != null) {
            StringBuilder segment = new StringBuilder();
            for (int s = 0; s < steps; s++) {
                int px = x(s, steps);
                if (!Double.isFinite(learner[s])) {
                    markers.add(new Marker(px, TOP, "invalid", "step " + s + ": your loss is " + learner[s]));
                    flush(segment, segments);
                    continue;
                }
                int py = y(learner[s], axisTop);
                segment.append(segment.isEmpty() ? "" : " ").append(px).append(',').append(py);
                if (learner[s] > axisTop) {
                    markers.add(new Marker(px, py, "off-chart", "step " + s + ": your loss " + format(learner[s])
                            + " is above the chart"));
                } else if (differs[s]) {
                    markers.add(new Marker(px, py, "differs", "step " + s + ": your loss " + format(learner[s])
                            + ", the reference's " + format(reference[s])));
                }
            }
            flush(segment, segments);
        }
        StringBuilder line = new StringBuilder();
        for (int s = 0; s < steps; s++) {
            line.append(s == 0 ? "" : " ").append(x(s, steps)).append(',').append(y(reference[s], axisTop));
        }
        return new LossCurve(id, caption, LEFT + PLOT_WIDTH + 12, TOP + PLOT_HEIGHT + BOTTOM, LEFT, LEFT + PLOT_WIDTH,
                TOP, TOP + PLOT_HEIGHT, yTicks, xTicks, line.toString(), segments, markers);
    }

    /** Where the step axis' small tick marks end, below the plot. */
    public int tickEnd() {
        return plotBottom + 4;
    }

    /** Where the x axis' title goes: under the step labels, centred. */
    public int axisTitleX() {
        return plotLeft + (plotRight - plotLeft) / 2;
    }

    public int axisTitleY() {
        return height - 4;
    }

    /** Pixels from the left for step {@code s} of {@code steps}: the first at the left edge, the last at the right. */
    static int x(int s, int steps) {
        return LEFT + (steps <= 1 ? 0 : (int) Math.round((double) s * PLOT_WIDTH / (steps - 1)));
    }

    /** Pixels from the top for {@code loss} on an axis from 0 to {@code axisTop}; clamped to the plot. */
    static int y(double loss, double axisTop) {
        double clamped = Math.max(0, Math.min(axisTop, loss));
        return TOP + PLOT_HEIGHT - (int) Math.round(clamped / axisTop * PLOT_HEIGHT);
    }

    /** The round step (1, 2, 2.5 or 5 times a power of ten) at or above {@code raw}. */
    static double tickStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * power >= raw - 1e-12) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static double largest(double[] values) {
        double max = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                max = Math.max(max, v);
            }
        }
        return max;
    }

    private static void flush(StringBuilder segment, List<String> segments) {
        if (!segment.isEmpty()) {
            segments.add(segment.toString());
            segment.setLength(0);
        }
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e6 ? String.valueOf((long) v)
                : String.format(Locale.ROOT, "%.4g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }
}
