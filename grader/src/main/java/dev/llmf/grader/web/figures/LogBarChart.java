package dev.llmf.grader.web.figures;

import dev.llmf.grader.suites.Check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How far the learner's numbers are from the reference's at each stage, as horizontal bars on a log scale
 * ({@code 1e-8} to {@code 10}) with the grader's tolerance as a dashed line, laid out for inline SVG
 * ({@code tags/logBars.html}). A bar is green when every value of its stage is within the tolerance (as the hidden
 * suite checks it), red when not, pink and full length when a value is NaN or infinite.
 */
public record LogBarChart(String id, String caption, int width, int height, List<Row> rows, List<Tick> ticks,
                          int toleranceX, int plotTop, int plotBottom, String toleranceLabel) {

    static final int FLOOR_EXPONENT = -8;
    static final int CEILING_EXPONENT = 1;
    static final int DECADE = 36;    // pixels per power of ten
    static final int LEFT = 170;     // room for the stage names
    static final int TOP = 24;       // room for the scale's labels
    static final int ROW = 24;
    static final int BAR = 14;
    static final int RIGHT = 64;     // room for the value after the longest bar

    /** One stage's bar, {@code length} pixels long from {@code x}. */
    public record Row(String label, String detail, int labelX, int labelY, int x, int y, int length, int barHeight, String kind,
                      String fill, String value, int textX, int textY) {
    }

    /** A power of ten on the scale, labelled above the plot at {@code textY}. */
    public record Tick(int x, int textY, String text) {
    }

    /** A stage: its name, what was compared (the tooltip), and the difference there. */
    public record Stage(String name, String detail, Difference difference) {
    }

    /** The line is drawn at the tolerance's absolute part; a stage's colour says whether it passes the whole rule. */
    static LogBarChart of(String id, String caption, List<Stage> stages, Check.Tolerance tolerance) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            Difference d = s.difference();
            int y = TOP + 6 + i * ROW;
            String kind = !d.finite() ? "invalid" : d.accepted() ? "pass" : "fail";
            int length = d.finite() ? length(d.maxAbs()) : length(Math.pow(10, CEILING_EXPONENT));
            String fill = switch (kind) {
                case "pass" -> "#2da44e";
                case "fail" -> "#cf222e";
                default -> "#f6c";
            };
            String value = !d.finite() ? "NaN/∞" : d.maxAbs() == 0 ? "0" : String.format(Locale.ROOT, "%.1e", d.maxAbs());
            rows.add(new Row(s.name(), s.detail() + ": largest difference " + value, LEFT - 6, y + BAR - 3, LEFT, y, length,
                    BAR, kind, fill, value, LEFT + length + 4, y + BAR - 3));
        }
        List<Tick> ticks = new ArrayList<>();
        for (int e = FLOOR_EXPONENT; e <= CEILING_EXPONENT; e++) {
            ticks.add(new Tick(LEFT + (e - FLOOR_EXPONENT) * DECADE, TOP - 6, e == 0 ? "1" : e == 1 ? "10" : "1e" + e));
        }
        int bottom = TOP + 6 + stages.size() * ROW;
        return new LogBarChart(id, caption, LEFT + (CEILING_EXPONENT - FLOOR_EXPONENT) * DECADE + RIGHT, bottom + 4,
                rows, ticks, LEFT + length(tolerance.absolute()), TOP, bottom, String.format(Locale.ROOT,
                        "grader tolerance: %.0e + %.0e·|reference value|", tolerance.absolute(), tolerance.relative()));
    }

    /** Pixels for a difference {@code v}: 0 for 0, else by its power of ten, clamped to the scale. */
    static int length(double v) {
        if (v <= 0) {
            return 0;
        }
        double exponent = Math.max(FLOOR_EXPONENT, Math.min(CEILING_EXPONENT, Math.log10(v)));
        return (int) Math.round((exponent - FLOOR_EXPONENT) * DECADE);
    }
}
