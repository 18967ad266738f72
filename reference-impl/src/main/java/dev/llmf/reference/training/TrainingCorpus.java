package dev.llmf.reference.training;

import dev.llmf.contract.Tokenizer;
import dev.llmf.reference.ReferenceTokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The text a model learns from, as tokens of the course's BPE, split deterministically: the token stream is cut
 * into blocks of {@value #BLOCK} tokens and every {@value #EVERY}th block (blocks 9, 19, 29, …) is validation, the
 * rest training. The text is the regular files of the given paths (folders: their files, sorted by name; symbolic
 * links skipped, so a licence linked under two names counts once), each followed by a blank line.
 */
public final class TrainingCorpus {

    /** The corpus every Debian (and Ubuntu) system has: the common licence texts. */
    public static final Path DEFAULT = Path.of("/usr/share/common-licenses");

    static final int BLOCK = 512;
    static final int EVERY = 10;

    private final String text;
    private final String sha256;
    private final List<Path> files;
    private final ReferenceTokenizer tokenizer;
    private final int[] train;
    private final int[] validation;

    private TrainingCorpus(String text, List<Path> files, ReferenceTokenizer tokenizer) {
        this.text = text;
        this.files = List.copyOf(files);
        this.sha256 = sha256(text.getBytes(StandardCharsets.UTF_8));
        this.tokenizer = tokenizer;
        int[] tokens = tokenizer.encode(text);
        int[] trainPart = new int[tokens.length];
        int[] validationPart = new int[tokens.length];
        int t = 0;
        int v = 0;
        for (int from = 0; from < tokens.length; from += BLOCK) {
            int n = Math.min(BLOCK, tokens.length - from);
            if ((from / BLOCK) % EVERY == EVERY - 1) {
                System.arraycopy(tokens, from, validationPart, v, n);
                v += n;
            } else {
                System.arraycopy(tokens, from, trainPart, t, n);
                t += n;
            }
        }
        train = Arrays.copyOf(trainPart, t);
        validation = Arrays.copyOf(validationPart, v);
    }

    /** Reads the files and trains a tokenizer of {@code vocabSize} tokens on the whole text. */
    public static TrainingCorpus load(List<Path> paths, int vocabSize) {
        List<Path> files = files(paths);
        StringBuilder text = new StringBuilder();
        for (Path file : files) {
            try {
                text.append(Files.readString(file, StandardCharsets.UTF_8)).append("\n\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the corpus " + paths + " holds no text");
        }
        ReferenceTokenizer tokenizer = new ReferenceTokenizer();
        tokenizer.train(text.toString(), vocabSize);
        if (tokenizer.vocabSize() < vocabSize) {
            throw new IllegalArgumentException("the corpus has too few distinct pairs for a vocabulary of " + vocabSize
                    + ": BPE stops at " + tokenizer.vocabSize() + " tokens; use --vocab " + tokenizer.vocabSize()
                    + " or less, or more text");
        }
        return new TrainingCorpus(text.toString(), files, tokenizer);
    }

    private static List<Path> files(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> children = Files.list(path)) {
                    children.filter(p -> Files.isRegularFile(p) && !Files.isSymbolicLink(p)).sorted()
                            .forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new IllegalArgumentException("no such file or folder: " + path);
            }
        }
        return files;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    public String text() {
        return text;
    }

    /** The SHA-256 of the corpus's UTF-8 text: a resumed run and a reproduction check it is the same text. */
    public String sha256() {
        return sha256;
    }

    public List<Path> files() {
        return files;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public List<Tokenizer.Merge> merges() {
        return tokenizer.merges();
    }

    public int[] train() {
        return train.clone();
    }

    public int[] validation() {
        return validation.clone();
    }
}
