package dev.llmf.grader.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A chart of counts laid out for inline SVG (the score histogram, submissions over time): bars scaled to the tallest,
 * an axis with 0, half and the top value, labels under some bars, and vertical marks (due dates). The template
 * ({@code tags/instructor-bar-chart.html}) only places what this computes; every colour is an attribute, so the
 * chart reads the same without the stylesheet.
 */
public record CountChart(String id, String caption, int width, int height, int plotLeft, int plotRight, int baseline,
                       List<Bar> bars, List<Text> labels, List<Text> ticks, List<Mark> marks) {

    private static final int LEFT = 44;
    private static final int PLOT_WIDTH = 720;
    private static final int TOP = 28;
    private static final int PLOT_HEIGHT = 180;
    private static final int BOTTOM = 40;

    /** One bar's value; {@code label} is written under it when shown, {@code title} is its tooltip. */
    public record Value(String label, long count, String title) {
    }

    /** A vertical mark at {@code position} bars from the left edge (fractions allowed), e.g. a due date. */
    public record MarkAt(double position, String text, String title) {
    }

    /** {@code countText} is written above the bar when the chart shows counts, else empty. */
    public record Bar(String x, String y, String width, String height, String fill, String title, String countText,
                      String countX, String countY) {
    }

    public record Text(String x, String y, String text) {
    }

    public record Mark(String x, int y1, int y2, String text, String textY, String title) {
    }

    /**
     * @param labelEvery write the label of every n-th bar (1: all)
     * @param showCounts write each bar's count above it (for a few wide bars)
     */
    public static CountChart of(String id, String caption, List<Value> values, int labelEvery, boolean showCounts,
                              List<MarkAt> marksAt) {
        long top = Math.max(1, values.stream().mapToLong(Value::count).max().orElse(0));
        double slot = (double) PLOT_WIDTH / Math.max(1, values.size());
        double gap = slot >= 6 ? Math.min(4, slot * 0.15) : 0;
        int baseline = TOP + PLOT_HEIGHT;
        List<Bar> bars = new ArrayList<>();
        List<Text> labels = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Value v = values.get(i);
            double h = (double) PLOT_HEIGHT * v.count() / top;
            double x = LEFT + i * slot + gap / 2;
            bars.add(new Bar(n(x), n(baseline - h), n(slot - gap), n(h), v.count() == 0 ? "#d7dce2" : "#0b4f9c",
                    v.title(), showCounts ? String.valueOf(v.count()) : "", n(x + (slot - gap) / 2), n(baseline - h - 4)));
            if (i % labelEvery == 0) {
                labels.add(new Text(n(LEFT + i * slot + slot / 2), n(baseline + 16), v.label()));
            }
        }
        List<Text> ticks = List.of(new Text(n(LEFT - 6), n(baseline + 4), "0"),
                new Text(n(LEFT - 6), n(TOP + PLOT_HEIGHT / 2.0 + 4), top % 2 == 0 ? String.valueOf(top / 2) : ""),
                new Text(n(LEFT - 6), n(TOP + 4), String.valueOf(top)));
        List<Mark> marks = marksAt.stream().map(m -> new Mark(n(LEFT + m.position() * slot), TOP - 4, baseline,
                m.text(), n(TOP - 8), m.title())).toList();
        return new CountChart(id, caption, LEFT + PLOT_WIDTH + 12, baseline + BOTTOM, LEFT, LEFT + PLOT_WIDTH, baseline,
                bars, labels, ticks, marks);
    }

    private static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
