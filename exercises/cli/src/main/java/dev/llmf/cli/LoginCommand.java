package dev.llmf.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code llmf login}: trades username and password for an API token and keeps it, owner-only, in the config file. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Sign in to the grader and save its address and your API token for submit and status.",
                "The password is asked for (it is never an option); without a terminal it is read from standard input."})
final class LoginCommand implements Callable<Integer> {

    private final Context ctx;

    @Option(names = "--server", paramLabel = "URL",
            description = "the grader's address (default: $LLMF_SERVER, else your starter's grader (.llmf/course.properties),"
                    + " else the saved one, else " + Config.DEFAULT_SERVER + ")")
    String server;

    @Option(names = {"-u", "--username"}, paramLabel = "U", description = "your username (asked for when left out)")
    String username;

    LoginCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws IOException {
        Config saved = Config.load(ctx);
        CourseSettings course = CourseSettings.of(ctx);
        String fromEnv = ctx.env().get("LLMF_SERVER");
        String address = server != null ? server
                : fromEnv != null && !fromEnv.isBlank() ? fromEnv
                : course.server() != null ? course.server()
                : saved.serverOrDefault();
        address = GraderClient.normalizeServer(address);
        String user = username;
        if (user == null || user.isBlank()) {
            String suggestion = course.username() != null ? course.username() : saved.username();
            user = readLine("Username" + (suggestion == null ? "" : " [" + suggestion + "]") + ": ");
            if ((user == null || user.isBlank()) && suggestion != null) {
                user = suggestion;
            }
        }
        if (user == null || user.isBlank()) {
            throw CliException.usage("no username given: llmf login --username <you>");
        }
        user = user.strip();
        char[] password = readPassword("Password for " + user + " at " + address + ": ");
        if (password == null || password.length == 0) {
            throw CliException.usage("no password given");
        }
        Api.TokenCreated created;
        try {
            created = new GraderClient(address, null).signIn(user, new String(password));
        } finally {
            Arrays.fill(password, '\0');
        }
        String who = created.username() == null ? user : created.username();
        Config config = new Config(saved.file(), address, created.token(), who);
        config.save();
        ctx.out().println(ctx.style().pass() + " Logged in to " + address + " as " + who
                + (created.role() == null ? "" : " (" + created.role().toLowerCase(java.util.Locale.ROOT) + ")") + ".");
        ctx.out().println("  Your token is saved in " + config.file() + " (readable by you only).");
        return 0;
    }

    private String readLine(String prompt) throws IOException {
        if (ctx.interactive() && ctx.console() != null) {
            return ctx.console().readLine("%s", prompt);
        }
        ctx.err().print(prompt);
        ctx.err().flush();
        return ctx.in().readLine();
    }

    private char[] readPassword(String prompt) throws IOException {
        if (ctx.interactive() && ctx.console() != null) {
            return ctx.console().readPassword("%s", prompt);
        }
        ctx.err().print(prompt);
        ctx.err().flush();
        String line = ctx.in().readLine();
        if (!ctx.interactive()) {
            ctx.err().println();
        }
        return line == null ? null : line.toCharArray();
    }
}
