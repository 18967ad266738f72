package dev.llmf.grader.starter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code llmf-grader starter-template FOLDER --server URL}: writes the learner starter, set up for the grader at
 * {@code URL} but for no one in particular, into a new folder — what an instructor pushes as a GitHub Classroom or
 * GitLab template repository. It is the same starter {@code GET /api/starter} hands out.
 */
public final class StarterTemplateCommand {

    static final String USAGE = "usage: llmf-grader starter-template FOLDER --server URL";

    private StarterTemplateCommand() {
    }

    /** Returns the exit code: 0 written, 1 failed, 2 usage. */
    public static int run(String[] args) {
        List<String> list = List.of(args);
        int at = list.indexOf("--server");
        if (args.length != 3 || at < 0 || at == 2 || args[at + 1].startsWith("-")) {
            System.err.println(USAGE);
            return 2;
        }
        Path folder = Path.of(args[at == 0 ? 2 : 0]).toAbsolutePath();
        String server = args[at + 1].replaceAll("/+$", "");
        if (!server.matches("https?://[^\\s/]+(/\\S*)?")) {
            System.err.println("starter-template: '" + server + "' is not a server address, e.g. https://grader.example.edu");
            return 2;
        }
        try {
            if (Files.exists(folder) && !isEmptyFolder(folder)) {
                System.err.println("starter-template: " + folder + " exists and is not empty: name a new folder");
                return 1;
            }
            StarterArchive archive = StarterArchive.fromClassPath().orElseThrow(() -> new IOException(
                    "this grader was built without the learner starter: build it with ./llmf-grader build"));
            int files = archive.extract(server, "", folder);
            System.out.println("starter-template: " + files + " files in " + folder + ", set up for " + server);
            return 0;
        } catch (IOException e) {
            System.err.println("starter-template: failed: " + e.getMessage());
            return 1;
        }
    }

    private static boolean isEmptyFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }
}
