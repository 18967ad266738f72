package dev.llmf.grader.grading;

import dev.llmf.contract.TensorMath;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Compiles a submission's sources with {@code javax.tools}, against the contract only: the reference, the hidden
 * suites and the grader are not on the class path, so a submission cannot even name them. Annotation processing is
 * off ({@code -proc:none}), so no learner code runs at compile time.
 */
public final class SubmissionCompiler {

    /** One compiler message, located in the learner's file. */
    public record Message(String file, long line, long column, String kind, String text) {
        @Override
        public String toString() {
            return file + ":" + line + ":" + column + ": " + kind + ": " + text;
        }
    }

    /** The outcome: success, and the errors (and warnings) javac reported. */
    public record Result(boolean success, List<Message> messages) {
        public String errorsAsText() {
            StringBuilder out = new StringBuilder();
            messages.stream().filter(m -> m.kind().equals("error")).forEach(m -> out.append(m).append('\n'));
            return out.toString();
        }
    }

    /** The Java release learners write for (the course's JDK). */
    static final int COURSE_RELEASE = 25;

    /**
     * On the course's own JDK, compile against this JDK's modules (the same exported API as {@code --release 25}),
     * so the pooled file managers keep them indexed: {@code --release} makes javac open its {@code ct.sym} archive
     * and a platform file manager afresh for every compilation, about a quarter of a submission's compile CPU. On
     * any other JDK, {@code --release} keeps learners to the course's API.
     */
    static final List<String> RELEASE_OPTIONS = Runtime.version().feature() == COURSE_RELEASE
            ? List.of("-source", Integer.toString(COURSE_RELEASE), "-target", Integer.toString(COURSE_RELEASE))
            : List.of("--release", Integer.toString(COURSE_RELEASE));

    private final String contractClassPath;
    private final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    // File managers keep the platform's and the contract's classes indexed between compilations, which a fresh one
    // would read again each time; each is used by one compilation at a time.
    private final BlockingQueue<StandardJavaFileManager> idleFileManagers = new LinkedBlockingQueue<>();

    public SubmissionCompiler() {
        this(contractLocation());
    }

    public SubmissionCompiler(String contractClassPath) {
        this.contractClassPath = contractClassPath;
    }

    /** Where the contract classes are (a jar or a folder): the one class path learner code is compiled and run with. */
    public static String contractLocation() {
        try {
            return Path.of(TensorMath.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot locate the contract classes", e);
        }
    }

    public String contractClassPath() {
        return contractClassPath;
    }

    /** Compiles {@code sources} (file path → source text) into {@code outputDir}. */
    public Result compile(Map<String, String> sources, Path outputDir) {
        if (javac == null) {
            throw new IllegalStateException("no Java compiler in this runtime: the grader needs a full JDK");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((path, text) -> units.add(new Source(path, text)));
        List<String> options = new ArrayList<>(RELEASE_OPTIONS);
        // -XDstringConcat=inline: a learner's string + as StringBuilder calls, the same strings, without the
        // method handles an invokedynamic concatenation bootstraps in the child JVM (costly there: it lives for one
        // submission)
        options.addAll(List.of("-proc:none", "-encoding", "UTF-8", "-implicit:none", "-nowarn",
                "-XDstringConcat=inline", "-classpath", contractClassPath, "-d", outputDir.toString()));
        StandardJavaFileManager files = idleFileManagers.poll();
        if (files == null) {
            files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
        }
        boolean ok;
        try {
            ok = javac.getTask(null, files, diagnostics, options, null, units).call();
        } catch (RuntimeException | Error e) {
            closeQuietly(files);       // a compiler that broke down is not trusted with the next submission
            throw e;
        }
        idleFileManagers.add(files);
        List<Message> messages = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            String file = d.getSource() instanceof Source s ? s.path : "(submission)";
            messages.add(new Message(file, d.getLineNumber(), d.getColumnNumber(),
                    d.getKind() == Diagnostic.Kind.ERROR ? "error" : "warning", d.getMessage(Locale.ROOT)));
        }
        return new Result(ok, messages);
    }

    private static void closeQuietly(StandardJavaFileManager files) {
        try {
            files.close();
        } catch (IOException ignored) {
            // it is dropped either way
        }
    }

    /** A source held in memory under the learner's file name. */
    private static final class Source extends SimpleJavaFileObject {
        final String path;
        final String text;

        Source(String path, String text) {
            super(URI.create("string:///" + path.replace(' ', '_')), Kind.SOURCE);
            this.path = path;
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
