package dev.llmf.grader.web.figures;

import dev.llmf.contract.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One head's attention weights laid out for an SVG heatmap: a row per query token, a column per key token,
 * darker for more weight. Cells above the diagonal are the causal mask's: drawn grey and crossed out when their
 * weight is 0, as it must be, and outlined in red ("leak") when it is not; one cell may be outlined in amber
 * ("largest": where the learner differs most from the reference). The template
 * ({@code tags/heatmap.html}) only places what this computes.
 */
public record Heatmap(String id, String caption, int width, int height, List<Label> queries, List<Label> keys,
                      List<Cell> cells) {

    static final int CELL = 40;
    static final String LEAK_OUTLINE = "#b42318";
    static final String LARGEST_OUTLINE = "#e8a000";
    static final int LEFT = 44;
    static final int TOP = 20;

    /** A token written beside the rows (queries) or above the columns (keys). */
    public record Label(int x, int y, String text) {
    }

    /**
     * @param kind   {@code weight}, {@code masked} (a future key with weight 0), {@code leak} (a future key with
     *               weight), {@code invalid} (NaN or infinite), or {@code largest} (the largest difference)
     * @param title  the cell's tooltip and accessible text
     */
    public record Cell(int x, int y, int x2, int y2, int size, String kind, String fill, String stroke, int strokeWidth,
                       String text, String textFill, int textX, int textY, String title) {
        public boolean crossed() {
            return kind.equals("masked");
        }
    }

    /** The maps of every head of {@code weights} ({@code [H, T, T]}), {@code largest} (or null) outlined. */
    static List<Heatmap> ofHeads(String idPrefix, String who, Tensor weights, List<String> tokens,
                                 AttentionFinding.Spot largest) {
        List<Heatmap> out = new ArrayList<>();
        for (int h = 0; h < weights.size(0); h++) {
            out.add(of(idPrefix + "-head-" + (h + 1), who + ", head " + (h + 1), weights, h, tokens, largest));
        }
        return out;
    }

    private static Heatmap of(String id, String caption, Tensor weights, int head, List<String> tokens,
                              AttentionFinding.Spot largest) {
        int t = tokens.size();
        List<Label> queries = new ArrayList<>();
        List<Label> keys = new ArrayList<>();
        List<Cell> cells = new ArrayList<>();
        for (int i = 0; i < t; i++) {
            queries.add(new Label(LEFT - 6, TOP + i * CELL + CELL / 2 + 4, tokens.get(i)));
            keys.add(new Label(LEFT + i * CELL + CELL / 2, TOP - 6, tokens.get(i)));
        }
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                boolean isLargest = largest != null && largest.equals(new AttentionFinding.Spot(head, i, j));
                cells.add(cell(weights.get(head, i, j), i, j, tokens, isLargest));
            }
        }
        return new Heatmap(id, caption, LEFT + t * CELL + 4, TOP + t * CELL + 4, queries, keys, cells);
    }

    private static Cell cell(float w, int i, int j, List<String> tokens, boolean largest) {
        int x = LEFT + j * CELL;
        int y = TOP + i * CELL;
        String query = "“" + tokens.get(i) + "” (" + (i + 1) + ")";
        String key = "“" + tokens.get(j) + "” (" + (j + 1) + ")";
        String kind;
        String fill;
        String text;
        String title;
        if (!Float.isFinite(w)) {
            kind = "invalid";
            fill = "#f6c";
            text = Float.isNaN(w) ? "NaN" : "∞";
            title = query + " → " + key + ": " + w + " (not a number a softmax can give)";
        } else if (j > i && w == 0f) {
            kind = "masked";
            fill = "#e4e4e4";
            text = "";
            title = query + " cannot see " + key + ", a later token: masked (weight 0)";
        } else {
            kind = j > i ? "leak" : "weight";
            fill = colour(w);
            text = String.format(Locale.ROOT, "%.2f", w);
            title = j > i ? query + " → " + key + ": " + number(w) + " — a later token, so the mask leaked: it must be 0"
                    : query + " attends to " + key + ": " + number(w);
        }
        String textFill = Float.isFinite(w) && w > 0.55f ? "#fff" : "#111";
        boolean wrong = kind.equals("leak") || kind.equals("invalid");
        if (largest && !wrong) {
            kind = "largest";
            title += " — the largest difference from the reference";
        }
        String stroke = wrong ? LEAK_OUTLINE : largest ? LARGEST_OUTLINE : "#fff";
        return new Cell(x, y, x + CELL, y + CELL, CELL, kind, fill, stroke, wrong || largest ? 3 : 1, text,
                textFill, x + CELL / 2, y + CELL / 2 + 4, title);
    }

    private static String number(float w) {
        return String.format(Locale.ROOT, "%.4f", w);
    }

    /** White for 0 to dark blue for 1 (values outside [0, 1] are clamped). */
    static String colour(float w) {
        double v = Math.max(0, Math.min(1, w));
        int r = (int) Math.round(247 + (8 - 247) * v);
        int g = (int) Math.round(251 + (48 - 251) * v);
        int b = (int) Math.round(255 + (107 - 255) * v);
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }
}
