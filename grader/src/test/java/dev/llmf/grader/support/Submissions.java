package dev.llmf.grader.support;

import dev.llmf.grader.grading.BuiltInSolutions;
import dev.llmf.grader.grading.Exercise;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The sample submissions under {@code src/test/resources/submissions/<exercise>/<case>/} (see the README there),
 * put together so that each piece of code is kept once:
 *
 * <ol>
 *   <li>the {@code accepted} classes of the earlier exercises the exercise uses ({@link BuiltInSolutions#USES});</li>
 *   <li>the exercise's own classes: for {@code stub} the real stub from {@code exercises/NN-<id>/src/main/java}
 *       (what learners get), otherwise its {@code accepted} folder;</li>
 *   <li>the case folder's own {@code .java} files, if any, in place of those of the same path;</li>
 *   <li>for a case with a {@code bug.txt}, that patch applied ({@link #applyPatch}).</li>
 * </ol>
 */
public final class Submissions {

    /** The cases every exercise has; {@link #cases} adds its further planted bugs and correct alternatives. */
    public static final List<String> CASES = List.of("accepted", "stub", "planted-bug");

    /** Folders of further planted bugs start with this: {@code planted-bug-<mistake>}. */
    public static final String PLANTED = "planted-bug";
    /** Folders of correct solutions written differently start with this: {@code alternative-<how>}. */
    public static final String ALTERNATIVE = "alternative-";

    /** The earlier exercises whose classes an exercise's classes call, directly or through one another. */

    private static final String PATCH = "bug.txt";

    private Submissions() {
    }

    /** The case's folder; it need not exist (a {@code stub} case has nothing of its own). */
    public static Path folder(String exercise, String kase) {
        exercise(exercise);
        if (!CASES.contains(kase) && !kase.startsWith(PLANTED + "-") && !kase.startsWith(ALTERNATIVE)) {
            throw new IllegalArgumentException("no sample submission " + exercise + "/" + kase + ": the cases are "
                    + CASES + ", " + PLANTED + "-… and " + ALTERNATIVE + "…");
        }
        return root().resolve(exercise).resolve(kase);
    }

    /**
     * Every case of {@code exercise}: {@code accepted}, {@code stub}, then its planted bugs ({@code planted-bug},
     * {@code planted-bug-…}) and its correct alternatives ({@code alternative-…}), by name.
     */
    public static List<String> cases(String exercise) {
        List<String> out = new ArrayList<>(List.of("accepted", "stub"));
        try (Stream<Path> folders = Files.list(root().resolve(exercise))) {
            folders.map(f -> f.getFileName().toString())
                    .filter(n -> n.equals(PLANTED) || n.startsWith(PLANTED + "-") || n.startsWith(ALTERNATIVE))
                    .sorted().forEach(out::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Whether the case is a correct solution ({@code accepted} or {@code alternative-<how>}): it must score 100%. */
    public static boolean isAccepted(String kase) {
        return kase.equals("accepted") || kase.startsWith(ALTERNATIVE);
    }

    /** True for a planted bug's case name. */
    public static boolean isPlantedBug(String kase) {
        return kase.equals(PLANTED) || kase.startsWith(PLANTED + "-");
    }

    private static Path root() {
        try {
            var url = Submissions.class.getClassLoader().getResource("submissions");
            if (url == null) {
                throw new IllegalStateException("src/test/resources/submissions is not on the test class path");
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The case's Java sources, package path ({@code dev/llmf/exercises/tensors/TensorOps.java}) → text, sorted by
     * path: everything a learner would submit for the exercise.
     */
    public static Map<String, String> sources(String exercise, String kase) {
        Path own = folder(exercise, kase);
        Map<String, String> out = new TreeMap<>();
        for (Exercise used : BuiltInSolutions.USES.getOrDefault(exercise(exercise), List.of())) {
            out.putAll(javaFiles(folder(used.id(), "accepted")));
        }
        out.putAll(javaFiles(kase.equals("stub") ? exerciseStub(exercise) : folder(exercise, "accepted")));
        if (!kase.equals("accepted") && Files.isDirectory(own)) {
            out.putAll(javaFiles(own));
        }
        Path patch = own.resolve(PATCH);
        if (Files.exists(patch)) {
            applyPatch(patch, out);
        }
        return out;
    }

    /** The accepted tensors solution whose {@code softmax} first runs {@code statements} (Java, ending in ';' or '}'). */
    public static Map<String, String> tensorsWithSoftmaxStartingWith(String statements) {
        Map<String, String> sources = new java.util.LinkedHashMap<>(sources("tensors", "accepted"));
        String key = sources.keySet().stream().filter(k -> k.endsWith("TensorOps.java")).findFirst().orElseThrow();
        String changed = sources.get(key).replaceFirst("(public Tensor softmax\\(Tensor \\w+\\)\\s*\\{)",
                "$1 " + java.util.regex.Matcher.quoteReplacement(statements));
        if (changed.equals(sources.get(key))) {
            throw new IllegalStateException("no softmax method in " + key);
        }
        sources.put(key, changed);
        return sources;
    }

    /** The {@code planted-bug} case's expectations: see {@link #expectedFailures(String, String)}. */
    public static List<String[]> expectedFailures(String exercise) {
        return expectedFailures(exercise, PLANTED);
    }

    /** A planted bug's expectations: {@code {display name, substring of the message}}, one per listed test. */
    public static List<String[]> expectedFailures(String exercise, String plantedBug) {
        Path file = folder(exercise, plantedBug).resolve("expected.txt");
        List<String[]> out = new ArrayList<>();
        for (String line : readLines(file)) {
            if (line.isBlank() || line.startsWith("#") || line.startsWith(CAUSE)) {
                continue;
            }
            String[] parts = line.split("\\|", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalStateException(file + ": lines read '<display name> | <substring>', not: " + line);
            }
            out.add(new String[] {parts[0].strip(), parts[1].strip()});
        }
        return out;
    }

    /**
     * The words that name a planted bug's cause (its {@code cause:} line in expected.txt): a learner has been told
     * the cause when a test shown before the due date fails with a message containing them. Null when the file
     * has no such line (no message names the cause).
     */
    public static String cause(String exercise, String plantedBug) {
        for (String line : readLines(folder(exercise, plantedBug).resolve("expected.txt"))) {
            if (line.startsWith(CAUSE)) {
                return line.substring(CAUSE.length()).strip();
            }
        }
        return null;
    }

    private static final String CAUSE = "cause:";

    /**
     * Applies a patch file to {@code sources}. The format (outside the blocks, blank lines and lines starting with
     * {@code #} are comments):
     *
     * <pre>
     * file: dev/llmf/exercises/tensors/TensorOps.java
     * --- replace
     * (the exact lines to replace, indentation included)
     * --- with
     * (the lines that take their place; none to delete them)
     * --- end
     * </pre>
     *
     * <p>Each block patches the file named by the last {@code file:} line before it; blocks are applied in order.
     * The {@code replace} text must occur exactly once in the file, or this throws.
     */
    static void applyPatch(Path patch, Map<String, String> sources) {
        List<String> lines = readLines(patch);
        String file = null;
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i++);
            if (line.startsWith("file:")) {
                file = line.substring("file:".length()).strip();
            } else if (line.equals("--- replace")) {
                if (file == null || !sources.containsKey(file)) {
                    throw new IllegalStateException(patch + ": 'file:' must name one of " + sources.keySet()
                            + " before '--- replace', but names " + file);
                }
                List<String> replace = new ArrayList<>();
                while (i < lines.size() && !lines.get(i).equals("--- with")) {
                    replace.add(lines.get(i++));
                }
                List<String> with = new ArrayList<>();
                for (i++; i < lines.size() && !lines.get(i).equals("--- end"); i++) {
                    with.add(lines.get(i));
                }
                if (i++ >= lines.size()) {
                    throw new IllegalStateException(patch + ": a '--- replace' block needs '--- with' and '--- end'");
                }
                sources.put(file, replaceOnce(patch, file, sources.get(file), replace, with));
            } else if (!line.isBlank() && !line.startsWith("#")) {
                throw new IllegalStateException(patch + ": unexpected line " + i + ": " + line);
            }
        }
    }

    private static String replaceOnce(Path patch, String file, String source, List<String> replace,
                                      List<String> with) {
        if (replace.isEmpty()) {
            throw new IllegalStateException(patch + ": an empty '--- replace' block");
        }
        String text = source.replace("\r\n", "\n");
        String old = String.join("\n", replace) + "\n";
        String now = with.isEmpty() ? "" : String.join("\n", with) + "\n";
        int at = text.indexOf(old);
        if (at < 0 || text.indexOf(old, at + 1) >= 0) {
            throw new IllegalStateException(patch + ": the replace text occurs "
                    + (at < 0 ? "nowhere" : "more than once") + " in " + file + ", it must occur exactly once:\n" + old);
        }
        return text.substring(0, at) + now + text.substring(at + old.length());
    }

    /** The exercise's stub as learners get it: {@code exercises/NN-<id>/src/main/java} of this repository. */
    private static Path exerciseStub(String exercise) {
        Exercise e = exercise(exercise);
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isDirectory(root.resolve("exercises"))) {
            root = root.getParent();
        }
        if (root == null) {
            throw new IllegalStateException("no folder above " + Path.of("").toAbsolutePath() + " holds exercises/");
        }
        Path stub = root.resolve("exercises").resolve(String.format("%02d-%s", e.number(), e.id()))
                .resolve("src/main/java");
        if (!Files.isDirectory(stub)) {
            throw new IllegalStateException("no exercise stub at " + stub);
        }
        return stub;
    }

    private static Exercise exercise(String id) {
        return Exercise.byId(id).orElseThrow(() -> new IllegalArgumentException("no exercise " + id));
    }

    /** The {@code .java} files below {@code root}, path relative to it → text. */
    private static Map<String, String> javaFiles(Path root) {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                out.put(root.relativize(p).toString().replace('\\', '/'), Files.readString(p, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
