package dev.llmf.grader.starter;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreeScanner;
import dev.llmf.grader.suites.Visibility;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;

/**
 * What must never reach a learner, gathered from the course repository itself (so a new reference class, suite or
 * hidden test is covered without editing this list), and the checks that a folder holds none of it.
 */
final class StarterSecrets {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path SUITES = REPO.resolve("grader/src/main/java/dev/llmf/grader/suites");

    private StarterSecrets() {
    }

    /**
     * Everything secret found in {@code folder}: files and jar entries named like a reference or suite class,
     * mentions of their packages, text of the hidden suites, and stubs whose methods do more than throw the TODO.
     */
    static List<String> findIn(Path folder) throws IOException {
        Set<String> secretNames = secretClassNames();
        Set<String> hiddenTexts = hiddenTexts();
        if (secretNames.size() < 30 || hiddenTexts.size() < 100) {
            throw new IllegalStateException("the secrets were not found (" + secretNames.size() + " class names, "
                    + hiddenTexts.size() + " texts): the scan would prove nothing");
        }
        List<String> found = new ArrayList<>();
        for (Searched file : searchable(folder)) {
            String name = file.path().replaceAll(".*[/!]", "").replaceAll("(\\$.*)?\\.(java|class)$", "");
            if (secretNames.contains(name)) {
                found.add(file.path() + " is named like a reference or suite class");
            }
            forbiddenWords().stream().filter(file::contains).forEach(w -> found.add(file.path() + " mentions " + w));
            hiddenTexts.stream().filter(file::contains).forEach(t -> found.add(file.path() + " holds hidden-suite text: " + t));
        }
        for (Path source : files(folder)) {
            String path = folder.relativize(source).toString();
            if (path.startsWith("exercises/") && path.contains("/src/main/java/") && path.endsWith(".java")
                    && !path.startsWith("exercises/support/")) {
                found.addAll(notAStub(source));
            }
        }
        return found;
    }

    /** Package paths and names whose mere presence means reference or grader code came along. */
    static List<String> forbiddenWords() {
        return List.of("dev.llmf.reference", "dev/llmf/reference", "dev.llmf.grader", "dev/llmf/grader");
    }

    /** The simple names of the reference's classes and of the hidden suites' classes. */
    static Set<String> secretClassNames() {
        Set<String> names = new HashSet<>();
        for (Path p : javaFiles(REPO.resolve("reference-impl/src/main/java"))) {
            names.add(simpleName(p));
        }
        for (Path p : javaFiles(SUITES)) {
            names.add(simpleName(p));
        }
        return names;
    }

    /**
     * Texts of the hidden suites: every display name of a test not shown before the deadline, and every string
     * literal of 30 characters or more in the suites (messages, hints, data descriptions) — except the names of
     * tests shown right away, and text the suites quote from a lesson, both of which learners see anyway.
     */
    static Set<String> hiddenTexts() throws IOException {
        Set<String> visibleNames = new HashSet<>();
        Set<String> texts = new HashSet<>();
        for (Path p : javaFiles(SUITES)) {
            String className = "dev.llmf.grader.suites." + simpleName(p);
            for (Method m : loadClass(className).getDeclaredMethods()) {
                DisplayName name = m.getAnnotation(DisplayName.class);
                Visibility.Shown shown = m.getAnnotation(Visibility.Shown.class);
                if (name != null) {
                    (shown == null || shown.value() == Visibility.VISIBLE ? visibleNames : texts).add(name.value());
                }
            }
            stringLiterals(p).stream().filter(t -> t.length() >= 30).forEach(texts::add);
        }
        texts.removeAll(visibleNames);
        String lessons = lessons();
        texts.removeIf(lessons::contains);
        return texts;
    }

    /** Every file's bytes under {@code folder}, and every entry of every jar in it, as text to search. */
    static List<Searched> searchable(Path folder) throws IOException {
        List<Searched> out = new ArrayList<>();
        for (Path p : files(folder)) {
            String rel = folder.relativize(p).toString();
            byte[] bytes = Files.readAllBytes(p);
            out.add(new Searched(rel, new String(bytes, StandardCharsets.ISO_8859_1), new String(bytes, StandardCharsets.UTF_8)));
            if (rel.endsWith(".jar")) {
                try (var jar = new java.util.zip.ZipFile(p.toFile())) {
                    for (var e : java.util.Collections.list(jar.entries())) {
                        byte[] b = jar.getInputStream(e).readAllBytes();
                        out.add(new Searched(rel + "!/" + e.getName(), new String(b, StandardCharsets.ISO_8859_1),
                                new String(b, StandardCharsets.UTF_8)));
                    }
                }
            }
        }
        return out;
    }

    /** A file or jar entry: its path and its bytes read both ways (class files hold their strings as UTF-8). */
    record Searched(String path, String latin1, String utf8) {
        boolean contains(String needle) {
            return utf8.contains(needle) || latin1.contains(needle);
        }
    }

    /**
     * The problems with a stub: anything in a method or constructor body but one {@code throw new
     * UnsupportedOperationException("TODO …")} (or nothing, for a constructor). Field initialisers may build
     * the learner's own earlier classes.
     */
    static List<String> notAStub(Path source) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Tree type : parse(source).getTypeDecls()) {
            for (Tree member : ((ClassTree) type).getMembers()) {
                if (member instanceof MethodTree m && m.getBody() != null && !isStubBody(m)) {
                    problems.add(source.getFileName() + ": " + m.getName() + " has a body that is not the stub's TODO: "
                            + m.getBody());
                }
            }
        }
        return problems;
    }

    /** The values of the string literals in a source file, as the compiled class holds them. */
    private static List<String> stringLiterals(Path source) throws IOException {
        List<String> values = new ArrayList<>();
        new TreeScanner<Void, Void>() {
            @Override
            public Void visitLiteral(LiteralTree literal, Void unused) {
                if (literal.getValue() instanceof String text) {
                    values.add(text);
                }
                return null;
            }
        }.scan(parse(source), null);
        return values;
    }

    private static CompilationUnitTree parse(Path source) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjects(source);
            JavacTask task = (JavacTask) javac.getTask(null, files, null, List.of("-proc:none"), null, units);
            return task.parse().iterator().next();
        }
    }

    private static boolean isStubBody(MethodTree m) {
        List<? extends Tree> statements = m.getBody().getStatements();
        if (m.getName().contentEquals("<init>")) {
            return statements.isEmpty();
        }
        // The message may be one literal or literals joined with +: its source starts with "TODO either way.
        return statements.size() == 1
                && statements.getFirst() instanceof ThrowTree t
                && t.getExpression() instanceof NewClassTree n
                && n.getIdentifier().toString().equals("UnsupportedOperationException")
                && n.getArguments().size() == 1
                && n.getArguments().getFirst().toString().startsWith("\"TODO");
    }

    static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static List<Path> javaFiles(Path folder) {
        try {
            return files(folder).stream().filter(p -> p.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String simpleName(Path javaFile) {
        String name = javaFile.getFileName().toString();
        return name.substring(0, name.length() - ".java".length());
    }

    private static String lessons() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> folders = Files.list(REPO.resolve("exercises"))) {
            for (Path lesson : folders.map(f -> f.resolve("README.md")).filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(lesson)).append('\n');
            }
        }
        return all.toString();
    }

    private static Class<?> loadClass(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
