package dev.llmf.reference.training;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What each step of a run measured; a checkpoint keeps it, so the loss curve of a resumed run is whole. */
public final class TrainingLog {

    /** One step (counted from 0): its batch loss, learning rate, gradient norm before clipping, validation loss. */
    public record Entry(int step, double loss, double learningRate, double gradientNorm, double validationLoss) {
        public boolean validated() {
            return !Double.isNaN(validationLoss);
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    public void add(Entry entry) {
        entries.add(entry);
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** The last validation loss, or NaN if none was measured. */
    public double lastValidationLoss() {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).validated()) {
                return entries.get(i).validationLoss();
            }
        }
        return Double.NaN;
    }

    /** Tab-separated, one line per step, with a header; an unmeasured validation loss is empty. */
    public String tsv() {
        StringBuilder s = new StringBuilder("step\tloss\tlearning_rate\tgradient_norm\tvalidation_loss\n");
        for (Entry e : entries) {
            s.append(String.format(Locale.ROOT, "%d\t%.6f\t%.6e\t%.6f\t%s%n", e.step(), e.loss(), e.learningRate(),
                    e.gradientNorm(), e.validated() ? String.format(Locale.ROOT, "%.6f", e.validationLoss()) : ""));
        }
        return s.toString();
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(entries.size());
        for (Entry e : entries) {
            out.writeInt(e.step());
            out.writeDouble(e.loss());
            out.writeDouble(e.learningRate());
            out.writeDouble(e.gradientNorm());
            out.writeDouble(e.validationLoss());
        }
    }

    static TrainingLog read(DataInputStream in) throws IOException {
        TrainingLog log = new TrainingLog();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            log.add(new Entry(in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble()));
        }
        return log;
    }
}
