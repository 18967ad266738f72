package dev.llmf.grader;

import dev.llmf.grader.support.DocumentedCommands;
import dev.llmf.grader.support.Shell;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every shell command the README, the guides and the lessons show is run by a test as it is written — here, or in
 * the test named for it — or is listed with the reason it is not; a new command in the docs fails this test until
 * it is one or the other.
 */
class DocumentedCommandsIT {

    /** How a documented command is run by the tests. */
    record Rule(Pattern command, String runBy) {
        static Rule of(String regex, String runBy) {
            return new Rule(Pattern.compile(regex), runBy);
        }
    }

    static final String HERE = "DocumentedCommandsIT";

    static final List<Rule> RULES = List.of(
            Rule.of("\\./llmf check [a-z-]+", HERE),
            Rule.of("\\./llmf-grader --help", HERE),
            Rule.of("\\./llmf-grader starter-template .*|cd ~/llmf-starter && git init .*", HERE),
            Rule.of("git remote add origin .* && git push .*", "not here: needs an account on a Git host"),
            Rule.of("\\./mvnw -q -pl reference-impl -am compile exec:java .*", HERE),
            Rule.of("\\./llmf-grader", "OperationsGuideIT: started to /q/health/ready with only JAVA_HOME set"),
            Rule.of("(LLMF_DATA_DIR=\\S+ )?\\./llmf-grader (backup|restore) .*|LLMF_DATA_DIR=\\S+ \\./llmf-grader",
                    "OperationsGuideIT: backup while running, restore, same scores"),
            Rule.of("QUARKUS_DATASOURCE_JDBC_URL=.* \\./llmf-grader", "OperationsGuideIT: external database"),
            Rule.of("LLMF_JAVA_OPTS=\".*\" \\./llmf-grader", "OperationsGuideIT: behind a proxy"),
            Rule.of("\\./llmf-grader seed-demo --learners 50 .*", "OperationsGuideIT: seed-demo"),
            Rule.of("\\./llmf-grader create-course .*", "OperationsGuideIT: create-course, its link, sign-in"),
            Rule.of("TOKEN=\\$\\(curl .*|curl .*/api/exercises/tokenizer/submissions", "OperationsGuideIT: the API example"),
            Rule.of("\\./llmf login.*|\\./llmf submit [a-z-]+|\\./llmf status",
                    "StarterIT (login, submit, status in an unpacked starter); GraderCommandsTest: every exercise's files"),
            Rule.of("\\./mvnw -B verify", "not here: it is this build, which .ci/run runs"),
            Rule.of("\\./llmf-grader build", "not here: it would rebuild the tree under test; this build runs the same"
                    + " Maven package"),
            Rule.of("\\./llmf-grader seed-demo", "not here: a minute of CI for 2,000 learners; the same command with"
                    + " --learners 50 runs in OperationsGuideIT"),
            Rule.of("\\./mvnw -B verify -pl grader .*-Dit.test=GraderBenchIT -Dllmf.bench=full",
                    "not here: minutes; GraderBenchIT runs small in this build"),
            Rule.of("reference-impl/bench.sh --smoke", ".ci/run, before this build"),
            Rule.of("reference-impl/bench.sh( --rounds \\d+| --gpu| --training-only)?", "not here: minutes, or a GPU;"
                    + " run by hand for the figures in docs/reference.md"),
            Rule.of("reference-impl/train\\.sh( .*)?", "not here: one to several minutes of training; TrainingRunTest"
                    + " trains through the same TrainingRun in small (outputs, exact resume after a kill); run by hand"),
            Rule.of("\\./mvnw -B test -pl reference-impl -am -Dtest=ShippedMiniGptTest -Dllmf\\.slow=true .*",
                    "not here: it re-trains the shipped model (minutes); run by hand, its figure is in docs/reference.md"));

    @Test
    @DisplayName("every documented command is run by a test, or says why not")
    void everyDocumentedCommandHasARule() {
        List<DocumentedCommands.Command> commands = DocumentedCommands.all();
        assertTrue(commands.size() > 20, "found " + commands);
        List<String> unruled = commands.stream()
                .filter(c -> RULES.stream().noneMatch(r -> r.command().matcher(c.text()).matches()))
                .map(c -> c.file() + ": " + c.text()).toList();
        assertEquals(List.of(), unruled, "documented commands no test runs: run them in a test or add a rule with the reason");
    }

    @Test
    @DisplayName("./llmf-grader --help lists the sub-commands")
    void launcherHelp() throws Exception {
        Shell.Result help = shell().run(DocumentedCommands.find("docs/operations.md", "./llmf-grader --help"), "");
        assertEquals(0, help.exitCode(), help.output());
        assertTrue(help.output().contains("backup") && help.output().contains("seed-demo"), help.output());
    }

    @Test
    @DisplayName("each documented ./llmf check runs the exercise's public tests on its stub")
    void everyDocumentedCheck() throws Exception {
        List<String> checks = DocumentedCommands.all().stream().map(DocumentedCommands.Command::text)
                .filter(c -> c.startsWith("./llmf check ")).distinct().toList();
        assertTrue(checks.size() >= 7, "every lesson shows its check: " + checks);
        for (String check : checks) {
            Shell.Result r = shell().run(check, "");
            assertEquals(0, r.exitCode(), check + "\n" + r.output());
            assertTrue(r.output().contains("not yet implemented"), check + "\n" + r.output());
            assertFalse(r.output().contains("✘"), check + "\n" + r.output());
        }
    }

    @Test
    @DisplayName("the starter template, written and committed as the instructors' guide shows, checks on its own")
    void starterTemplate(@TempDir Path home) throws Exception {
        String guide = "docs/instructors.md";
        Path template = home.resolve("llmf-starter");
        Shell.Result written = shell().run(DocumentedCommands.find(guide, "./llmf-grader starter-template")
                .replace("~/llmf-starter", template.toString()), "");
        assertEquals(0, written.exitCode(), written.output());
        assertTrue(Files.readString(template.resolve(".llmf/course.properties")).contains("server=https://grader.example.edu\n"));

        Shell git = new Shell(home, Map.of("GIT_AUTHOR_NAME", "Ada", "GIT_AUTHOR_EMAIL", "ada@example.edu",
                "GIT_COMMITTER_NAME", "Ada", "GIT_COMMITTER_EMAIL", "ada@example.edu"));
        Shell.Result committed = git.run(DocumentedCommands.find(guide, "cd ~/llmf-starter && git init")
                .replace("~/llmf-starter", template.toString()), "");
        assertEquals(0, committed.exitCode(), committed.output());
        String tracked = git.run("git -C " + template + " ls-files", "").output();
        assertTrue(tracked.contains("llmf\n") && tracked.contains("exercises/01-tensors/README.md\n"), tracked);

        Shell.Result check = new Shell(template, Map.of("LLMF_CONFIG", home.resolve("config").toString()))
                .run("./llmf check tensors", "");
        assertEquals(0, check.exitCode(), check.output());
        assertTrue(check.output().contains("not yet implemented"), check.output());
    }

    @Test
    @DisplayName("the reference mini-GPT demo runs as documented")
    void referenceDemo() throws Exception {
        Shell.Result r = shell().run(DocumentedCommands.find("docs/reference.md", "./mvnw -q -pl reference-impl -am compile exec:java"), "");
        assertEquals(0, r.exitCode(), r.output());
    }

    private static Shell shell() {
        return new Shell(Shell.repository(), Map.of());
    }
}
