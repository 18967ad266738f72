package dev.llmf.grader.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shell commands the documentation shows: every line of every {@code ```bash} block in the README, the guides
 * in {@code docs/}, the lessons and the starter's README (continuation lines joined, comments dropped). Tests run
 * them as they are written, so a command that stops working fails the build.
 */
public final class DocumentedCommands {

    /** A command and the file it is shown in, relative to the repository. */
    public record Command(String file, String text) {
    }

    private DocumentedCommands() {
    }

    /** Every documented command, in file order. */
    public static List<Command> all() {
        Path repo = Shell.repository();
        List<Command> out = new ArrayList<>();
        for (Path doc : documents(repo)) {
            out.addAll(in(repo.relativize(doc).toString(), read(doc)));
        }
        return out;
    }

    /**
     * The command in {@code file} that is {@code prefix}, or else the one command there that starts with it; fails
     * when there is none or several.
     */
    public static String find(String file, String prefix) {
        List<String> found = all().stream().filter(c -> c.file().equals(file) && c.text().startsWith(prefix))
                .map(Command::text).toList();
        if (found.contains(prefix)) {
            return prefix;
        }
        if (found.size() != 1) {
            throw new IllegalStateException(file + " should show one command starting with '" + prefix + "', it shows "
                    + found);
        }
        return found.getFirst();
    }

    static List<Command> in(String file, String markdown) {
        List<Command> out = new ArrayList<>();
        boolean inBash = false;
        StringBuilder pending = new StringBuilder();
        for (String raw : markdown.split("\n", -1)) {
            String line = raw.strip();
            if (line.startsWith("```")) {
                inBash = !inBash && line.equals("```bash");
                continue;
            }
            if (!inBash || line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String command = withoutComment(line.startsWith("$ ") ? line.substring(2) : line);
            if (command.endsWith("\\")) {
                pending.append(command, 0, command.length() - 1).append(' ');
                continue;
            }
            out.add(new Command(file, (pending + command).replaceAll("\\s+", " ").strip()));
            pending.setLength(0);
        }
        return out;
    }

    // A comment starts at " #" outside quotes (so a '#' inside a quoted argument stays).
    private static String withoutComment(String line) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && i > 0 && Character.isWhitespace(line.charAt(i - 1))) {
                return line.substring(0, i).strip();
            }
        }
        return line.strip();
    }

    private static List<Path> documents(Path repo) {
        List<Path> docs = new ArrayList<>(List.of(repo.resolve("README.md"), repo.resolve("starter/files/README.md")));
        try (Stream<Path> guides = Files.list(repo.resolve("docs"));
             Stream<Path> exercises = Files.list(repo.resolve("exercises"))) {
            guides.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
            exercises.map(e -> e.resolve("README.md")).filter(Files::isRegularFile).sorted().forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
