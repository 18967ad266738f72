package dev.llmf.grader.sandbox;

import dev.llmf.contract.TensorMath;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Compiles small learner classes on the fly, against the contract only, the way the grader compiles submissions. */
final class LearnerCompiler {

    private LearnerCompiler() {
    }

    /** The contract's classes (a folder or a jar), found through the code source of a contract interface. */
    static Path contractClasses() {
        try {
            return Path.of(TensorMath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compiles {@code sources} (fully qualified class name → source) into {@code out}; fails on any error. */
    static Path compile(Path out, Map<String, String> sources) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, code) -> units.add(new Source(name, code)));
        Files.createDirectories(out);
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-proc:none", "-encoding", "UTF-8", "--release", "25", "-nowarn",
                    "-classpath", contractClasses().toString(), "-d", out.toString());
            Boolean ok = javac.getTask(null, files, diagnostics, options, null, units).call();
            if (!ok) {
                throw new IllegalStateException("learner sources do not compile: " + diagnostics.getDiagnostics());
            }
        }
        return out;
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String className, String code) {
            super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
