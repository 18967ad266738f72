package dev.llmf.grader.web.figures;

import dev.llmf.grader.suites.Check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A probability bar chart (0 to 1) laid out for inline SVG ({@code tags/barChart.html}): for each token a grey bar
 * of the reference and, beside it, one of the learner's, blue when it matches the reference within the grader's
 * tolerance and orange with a red outline when it does not. The template only places what this computes.
 */
public record BarChart(String id, String caption, int width, int height, List<Bar> bars, List<Label> labels,
                       List<Tick> ticks) {

    static final int PLOT = 100;     // pixels for probability 1
    static final int TOP = 14;       // room for the value written above a bar
    static final int LEFT = 30;      // room for the axis labels
    static final int BOTTOM = 18;    // room for the token labels
    static final int GROUP = 56;     // per token
    static final int PAD = 6;        // between the groups' edge and the first bar
    static final int BAR = 20;
    static final int GAP = 2;

    /**
     * @param kind {@code reference}, {@code learner} (matches), {@code differs} or {@code invalid} (NaN, infinite)
     */
    public record Bar(int x, int y, int width, int height, String kind, String fill, String stroke, String title,
                      String value, int textX, int textY) {
    }

    /** A token's name under its group. */
    public record Label(int x, int y, String text) {
    }

    /** A grid line across the plot at {@code y}, labelled on the left. */
    public record Tick(int y, String text, int textY) {
    }

    /**
     * The chart of {@code reference} and, unless it is null, {@code learner} (same length: one per category).
     */
    static BarChart of(String id, String caption, List<String> categories, double[] reference, double[] learner,
                       Check.Tolerance tolerance) {
        List<Bar> bars = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < categories.size(); i++) {
            int x = LEFT + i * GROUP + PAD;
            String token = categories.get(i);
            bars.add(bar(x, reference[i], "reference", "the reference gives “" + token + "” "));
            if (learner != null) {
                String kind = !Double.isFinite(learner[i]) ? "invalid"
                        : tolerance.accepts(reference[i], learner[i]) ? "learner" : "differs";
                bars.add(bar(x + BAR + GAP, learner[i], kind, "you give “" + token + "” "));
            }
            labels.add(new Label(x + BAR + GAP / 2, TOP + PLOT + BOTTOM - 4, token));
        }
        List<Tick> ticks = new ArrayList<>();
        for (double v : new double[] {0, 0.5, 1}) {
            int y = TOP + PLOT - height(v);
            ticks.add(new Tick(y, v == 0.5 ? "0.5" : String.valueOf((int) v), y + 4));
        }
        return new BarChart(id, caption, LEFT + categories.size() * GROUP + 4, TOP + PLOT + BOTTOM, bars, labels, ticks);
    }

    private static Bar bar(int x, double p, String kind, String title) {
        boolean invalid = kind.equals("invalid");
        int h = invalid ? PLOT : height(p);
        int y = TOP + PLOT - h;
        String fill = switch (kind) {
            case "reference" -> "#9aa4af";
            case "learner" -> "#0b4f9c";
            case "differs" -> "#f08c00";
            default -> "#f6c";
        };
        String stroke = kind.equals("differs") || invalid ? "#b42318" : "none";
        String value = invalid ? (Double.isNaN(p) ? "NaN" : "∞") : String.format(Locale.ROOT, "%.2f", p);
        return new Bar(x, y, BAR, h, kind, fill, stroke, title + (invalid ? value : String.format(Locale.ROOT, "%.6f", p)),
                value, x + BAR / 2, y - 3);
    }

    /** Pixels for probability {@code p}; values outside [0, 1] are clamped. */
    static int height(double p) {
        return (int) Math.round(Math.max(0, Math.min(1, p)) * PLOT);
    }
}
