package dev.llmf.reference.training;

import dev.llmf.contract.LanguageModel;
import dev.llmf.contract.Tokenizer;
import dev.llmf.reference.ReferenceTokenizer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A trained mini-GPT and its tokenizer in one binary file, with its SHA-256 in a second file beside it (the
 * {@code sha256sum} format, {@code <hex>  <name>}), checked on every load. The format, big-endian:
 *
 * <pre>
 *   8 bytes   "LLMFGPT1"
 *   6 × int32 vocabSize, contextLength, dModel, heads, layers, positional (0 LEARNED, 1 SINUSOIDAL, 2 ROPE)
 *   int32     merges; then per merge int32 left, int32 right (merge i makes token 256 + i)
 *   int32     parameters; then that many float32, in the order of {@link ParameterLayout}
 * </pre>
 */
public final class WeightsFile {

    private static final byte[] MAGIC = "LLMFGPT1".getBytes(StandardCharsets.US_ASCII);

    /** The model and the tokenizer it was trained with. */
    public record Model(LanguageModel.Weights weights, List<Tokenizer.Merge> merges) {
        public Tokenizer tokenizer() {
            ReferenceTokenizer tokenizer = new ReferenceTokenizer();
            tokenizer.use(merges);
            return tokenizer;
        }
    }

    private WeightsFile() {
    }

    /** The file's bytes. */
    public static byte[] encode(LanguageModel.Weights weights, List<Tokenizer.Merge> merges) {
        ParameterLayout layout = new ParameterLayout(weights.config());
        double[] params = layout.flatten(weights);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            LanguageModel.Config c = weights.config();
            out.write(MAGIC);
            for (int n : new int[] {c.vocabSize(), c.contextLength(), c.dModel(), c.heads(), c.layers(),
                    c.positional().ordinal()}) {
                out.writeInt(n);
            }
            out.writeInt(merges.size());
            for (Tokenizer.Merge m : merges) {
                out.writeInt(m.left());
                out.writeInt(m.right());
            }
            out.writeInt(params.length);
            for (double p : params) {
                out.writeFloat((float) p);
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** Writes {@code file} and {@code file.sha256}. */
    public static void write(Path file, LanguageModel.Weights weights, List<Tokenizer.Merge> merges)
            throws IOException {
        byte[] bytes = encode(weights, merges);
        Files.write(file, bytes);
        Files.writeString(checksumFile(file), TrainingCorpus.sha256(bytes) + "  " + file.getFileName() + "\n");
    }

    static Path checksumFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".sha256");
    }

    /** Reads {@code file}, checking it against {@code file.sha256}. */
    public static Model read(Path file) throws IOException {
        if (!Files.exists(file) || !Files.exists(checksumFile(file))) {
            throw new IOException("the model needs both " + file + " and " + checksumFile(file));
        }
        return decode(Files.readAllBytes(file), Files.readString(checksumFile(file)), file.getFileName().toString());
    }

    /** Reads a model shipped as a class-path resource ({@code name} and {@code name.sha256} beside it). */
    public static Model resource(Class<?> owner, String name) throws IOException {
        try (InputStream data = owner.getResourceAsStream(name);
             InputStream sum = owner.getResourceAsStream(name + ".sha256")) {
            if (data == null || sum == null) {
                throw new IOException("the class path lacks " + name + " or " + name + ".sha256 (beside "
                        + owner.getName() + ")");
            }
            return decode(data.readAllBytes(), new String(sum.readAllBytes(), StandardCharsets.UTF_8), name);
        }
    }

    /** Checks {@code bytes} against the checksum line, then decodes them. */
    static Model decode(byte[] bytes, String checksumLine, String name) throws IOException {
        String expected = checksumLine.strip().split("\\s+")[0].toLowerCase(Locale.ROOT);
        String actual = TrainingCorpus.sha256(bytes);
        if (!actual.equals(expected)) {
            throw new IOException(name + " is damaged or was replaced: its SHA-256 is " + actual + " but "
                    + name + ".sha256 says " + expected + " — restore the file (git checkout) or retrain it");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IOException(name + " is not a mini-GPT weights file (it does not start with LLMFGPT1)");
            }
            LanguageModel.Config config = new LanguageModel.Config(in.readInt(), in.readInt(), in.readInt(),
                    in.readInt(), in.readInt(), LanguageModel.Positional.values()[in.readInt()]);
            int count = in.readInt();
            List<Tokenizer.Merge> merges = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                merges.add(new Tokenizer.Merge(in.readInt(), in.readInt(), 256 + i));
            }
            ParameterLayout layout = new ParameterLayout(config);
            int n = in.readInt();
            if (n != layout.size()) {
                throw new IOException(name + " holds " + n + " parameters but " + config + " has " + layout.size());
            }
            double[] params = new double[n];
            for (int i = 0; i < n; i++) {
                params[i] = in.readFloat();
            }
            if (in.read() != -1) {
                throw new IOException(name + " has bytes after its last parameter");
            }
            return new Model(layout.weights(params), merges);
        } catch (EOFException | ArrayIndexOutOfBoundsException e) {
            throw new IOException(name + " is cut short or malformed", e);
        } catch (IllegalArgumentException e) {
            throw new IOException(name + " is malformed: " + e.getMessage(), e);
        }
    }
}
