package dev.llmf.grader.web.figures;

import dev.llmf.contract.Tensor;
import dev.llmf.contract.Training;
import dev.llmf.reference.GradientCheck;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The gradient check of exercise 8's figure: for each parameter group of the bigram model (and for the logits), the
 * relative error {@code ‖a − b‖ / max(‖a‖, ‖b‖)} between the learner's backward pass and the learner's central
 * differences, and between each of them and the reference's. A correct backward pass gives about 1e-7 here; anything
 * above {@link #AGREE} is marked.
 */
final class GradientCheckTable {

    /** The largest relative error that counts as agreeing: far above rounding (1e-7), far below a wrong formula. */
    static final double AGREE = 1e-4;

    /** Two ways to the same gradient, the learner's or the reference's. */
    record Gradients(Tensor backward, Tensor numerical) {
    }

    /** One comparison: the relative error as text, {@code pass} or {@code fail}, and what was compared. */
    public record Cell(String text, String kind, String title) {

        public boolean passed() {
            return kind.equals("pass");
        }
    }

    /** One row: a parameter group, its shape, how its two gradients were found, and the three comparisons. */
    public record Row(String group, String shape, String how, List<Cell> cells) {
    }

    private GradientCheckTable() {
    }

    /** The four groups: dL/dlogits, then dL/dx, dL/dW, dL/db of the linear layer. */
    static List<String> groups() {
        return List.of("logits", "x (input)", "W (weight)", "b (bias)");
    }

    static List<Row> rows(List<Gradients> learner, List<Gradients> reference) {
        List<Row> rows = new ArrayList<>();
        for (int g = 0; g < reference.size(); g++) {
            Gradients mine = learner.get(g);
            Gradients ref = reference.get(g);
            String first = g == 0 ? "crossEntropyGradient" : "linearBackward";
            String second = g == 0 ? "softmaxBackward" : "numericalGradients";
            String how = g == 0 ? "crossEntropyGradient; softmaxBackward of dL/dp = −1/(T·p) at each target"
                    : "linearBackward of your crossEntropyGradient; numericalGradients, h = 1e-3";
            rows.add(new Row(groups().get(g), Arrays.toString(ref.backward().shape()), how, List.of(
                    cell(mine.backward(), mine.numerical(), "your " + first + " and your " + second),
                    cell(ref.backward(), mine.backward(), "your " + first + " and the reference's"),
                    cell(ref.numerical(), mine.numerical(), "your " + second + " and the reference's"))));
        }
        return rows;
    }

    /** Whether every comparison agrees. */
    static boolean allAgree(List<Row> rows) {
        return rows.stream().allMatch(r -> r.cells().stream().allMatch(Cell::passed));
    }

    /** "logits: your crossEntropyGradient and your softmaxBackward differ (relative error 5.6e-01)", per failing cell. */
    static List<String> disagreements(List<Row> rows) {
        List<String> out = new ArrayList<>();
        for (Row r : rows) {
            for (Cell c : r.cells()) {
                if (!c.passed()) {
                    out.add(r.group() + ": " + c.title());
                }
            }
        }
        return out;
    }

    private static Cell cell(Tensor expected, Tensor actual, String what) {
        if (actual == null) {
            return new Cell("missing", "fail", what + ": yours is missing (null)");
        }
        if (!expected.sameShape(actual)) {
            return new Cell("shape " + Arrays.toString(actual.shape()), "fail", what + ": shape "
                    + Arrays.toString(actual.shape()) + " instead of " + Arrays.toString(expected.shape()));
        }
        double error = GradientCheck.relativeError(expected, actual);
        boolean agree = error <= AGREE;
        String text = Double.isNaN(error) ? "NaN" : error == 0 ? "0" : String.format(Locale.ROOT, "%.1e", error);
        return new Cell(text, agree ? "pass" : "fail", what + (agree ? " agree" : " differ") + " (relative error "
                + text + ")");
    }

    /** The learner's or the reference's gradients of the four groups. */
    static List<Gradients> of(Tensor lossGradient, Tensor viaSoftmax, Training.LinearGradients backward,
                              Training.LinearGradients numerical) {
        return List.of(new Gradients(lossGradient, viaSoftmax),
                new Gradients(part(backward, 0), part(numerical, 0)),
                new Gradients(part(backward, 1), part(numerical, 1)),
                new Gradients(part(backward, 2), part(numerical, 2)));
    }

    private static Tensor part(Training.LinearGradients g, int which) {
        if (g == null) {
            return null;
        }
        return switch (which) {
            case 0 -> g.input();
            case 1 -> g.weight();
            default -> g.bias();
        };
    }
}
