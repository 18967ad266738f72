package dev.llmf.reference.training;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A run's whole state after {@code step} steps: parameters, AdamW's moments and the log, in double, with the
 * settings and the corpus's SHA-256 it belongs to. It is written to a temporary file beside the target, forced to
 * disk, and renamed over the target in one atomic step, so a run killed at any moment leaves either the previous
 * checkpoint or the new one, never half of one. Format (big-endian, {@code DataOutputStream}): the magic
 * {@value #MAGIC}, settings and corpus hash (modified UTF-8), step, parameter count, parameters, m, v, then the log.
 */
public record Checkpoint(String settings, String corpusSha256, int step, double[] params, double[] m, double[] v,
                         TrainingLog log) {

    static final String MAGIC = "LLMF-CHECKPOINT-1";

    /** Writes this checkpoint to {@code file} atomically (see the class comment). */
    public void save(Path file) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream stream = Channels.newOutputStream(channel);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16));
            out.writeUTF(MAGIC);
            out.writeUTF(settings);
            out.writeUTF(corpusSha256);
            out.writeInt(step);
            out.writeInt(params.length);
            for (double[] array : new double[][] {params, m, v}) {
                for (double x : array) {
                    out.writeDouble(x);
                }
            }
            log.write(out);
            out.flush();
            channel.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Reads a checkpoint; a file that is not one, or is cut short, gives an error that names it. */
    public static Checkpoint load(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            String magic;
            try {
                magic = in.readUTF();
            } catch (IOException e) {
                magic = "";
            }
            if (!MAGIC.equals(magic)) {
                throw new IOException(file + " is not a training checkpoint (it does not start with " + MAGIC + ")");
            }
            String settings = in.readUTF();
            String corpus = in.readUTF();
            int step = in.readInt();
            int n = in.readInt();
            double[][] arrays = new double[3][n];
            for (double[] array : arrays) {
                for (int i = 0; i < n; i++) {
                    array[i] = in.readDouble();
                }
            }
            return new Checkpoint(settings, corpus, step, arrays[0], arrays[1], arrays[2], TrainingLog.read(in));
        } catch (EOFException e) {
            throw new IOException(file + " is cut short: it is not a whole checkpoint", e);
        }
    }
}
