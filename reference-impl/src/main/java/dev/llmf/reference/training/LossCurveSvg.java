package dev.llmf.reference.training;

import java.util.List;
import java.util.Locale;

/**
 * The loss curve of a run as a small SVG: the training loss of every step (thin), the validation loss where it was
 * measured (thick, with dots), and a baseline as a dashed line, against the step.
 */
public final class LossCurveSvg {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 360;
    private static final int LEFT = 56;
    private static final int RIGHT = 16;
    private static final int TOP = 28;
    private static final int BOTTOM = 40;

    private LossCurveSvg() {
    }

    /** The SVG document; {@code baseline} (NaN for none) is drawn with {@code baselineLabel}. */
    public static String render(String title, List<TrainingLog.Entry> entries, double baseline, String baselineLabel) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no steps to draw");
        }
        int lastStep = entries.getLast().step() + 1;
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (TrainingLog.Entry e : entries) {
            low = Math.min(low, e.validated() ? Math.min(e.loss(), e.validationLoss()) : e.loss());
            high = Math.max(high, e.validated() ? Math.max(e.loss(), e.validationLoss()) : e.loss());
        }
        if (!Double.isNaN(baseline)) {
            low = Math.min(low, baseline);
            high = Math.max(high, baseline);
        }
        low = Math.floor(low);
        high = Math.max(Math.ceil(high), low + 1);
        Scale scale = new Scale(lastStep, low, high);

        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<title>%s</title>%n<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n",
                escape(title), WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\">%s</text>%n", LEFT,
                escape(title)));
        int ticks = (int) Math.min(8, high - low);
        for (int i = 0; i <= ticks; i++) {
            double loss = low + (high - low) * i / ticks;
            double y = scale.y(loss);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>%n", LEFT, WIDTH - RIGHT, y, y,
                    LEFT - 6, y + 4, loss));
        }
        for (int i = 0; i <= 4; i++) {
            int step = (int) Math.round((double) lastStep * i / 4);
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n",
                    scale.x(step), HEIGHT - BOTTOM + 16, step));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">step</text>%n",
                (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 6));
        svg.append(String.format(Locale.ROOT, "<text transform=\"translate(14 %d) rotate(-90)\" text-anchor=\"middle\">"
                + "cross-entropy (nats per token)</text>%n", (TOP + HEIGHT - BOTTOM) / 2));
        if (!Double.isNaN(baseline)) {
            double y = scale.y(baseline);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#c33\" "
                    + "stroke-dasharray=\"6 4\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#c33\">%s</text>%n",
                    LEFT, WIDTH - RIGHT, y, y, WIDTH - RIGHT, y - 5, escape(baselineLabel)));
        }
        StringBuilder train = new StringBuilder();
        StringBuilder validation = new StringBuilder();
        for (TrainingLog.Entry e : entries) {
            train.append(String.format(Locale.ROOT, "%.1f,%.1f ", scale.x(e.step() + 1), scale.y(e.loss())));
            if (e.validated()) {
                validation.append(String.format(Locale.ROOT, "%.1f,%.1f ", scale.x(e.step() + 1),
                        scale.y(e.validationLoss())));
            }
        }
        svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"#8ab\" stroke-width=\"1\" "
                + "points=\"%s\"/>%n", train.toString().strip()));
        if (!validation.isEmpty()) {
            svg.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"#135\" stroke-width=\"2.5\" "
                    + "points=\"%s\"/>%n", validation.toString().strip()));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#8ab\">training batch</text>"
                + "<text x=\"%d\" y=\"%d\" fill=\"#135\">validation</text>%n", WIDTH - RIGHT - 210, TOP + 14,
                WIDTH - RIGHT - 90, TOP + 14));
        return svg.append("</svg>\n").toString();
    }

    private record Scale(int steps, double low, double high) {
        double x(double step) {
            return LEFT + (WIDTH - LEFT - RIGHT) * step / steps;
        }

        double y(double loss) {
            return TOP + (HEIGHT - TOP - BOTTOM) * (high - loss) / (high - low);
        }
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
