package dev.llmf.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code llmf}: the learner's command line. {@code check} runs an exercise's public tests offline; {@code login},
 * {@code submit} and {@code status} talk to the grader.
 *
 * <p>Exit codes: 0 all good; 1 a test failed, the score is short of full, or something went wrong (the message
 * says what); 2 a usage error (bad arguments, unknown exercise).
 */
@Command(name = "llmf", mixinStandardHelpOptions = true, versionProvider = Llmf.Version.class,
        description = {"LLM Foundations: check your exercises offline, submit them to the grader, see your progress.",
                "",
                "Exercises: tensors (1), tokenizer (2), embeddings (3), attention (4), transformer-block (5),"
                        + " sampler (6), mini-gpt (7), training (8); the numbers and folder names (02-tokenizer) work too."},
        footer = {"", "Exit codes: 0 all good; 1 a test failed, the score is not full, or an error; 2 usage error."})
public final class Llmf implements Callable<Integer> {

    private final Context ctx;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    Llmf(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.err().println("llmf: name a command: check, login, submit or status");
        spec.commandLine().usage(ctx.err());
        return CliException.USAGE;
    }

    public static void main(String[] args) {
        int code = run(Context.system(), args);
        System.exit(code);
    }

    /** Runs one command line; returns the exit code. */
    public static int run(Context ctx, String... args) {
        CommandLine cl = commandLine(ctx);
        try {
            return cl.execute(args);
        } finally {
            ctx.out().flush();
            ctx.err().flush();
        }
    }

    static CommandLine commandLine(Context ctx) {
        CommandLine cl = new CommandLine(new Llmf(ctx));
        cl.addSubcommand(new CheckCommand(ctx));
        cl.addSubcommand(new LoginCommand(ctx));
        cl.addSubcommand(new SubmitCommand(ctx));
        cl.addSubcommand(new StatusCommand(ctx));
        cl.setOut(ctx.out());
        cl.setErr(ctx.err());
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(
                ctx.style().color() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof CliException ce) {
                ctx.err().println("llmf: " + ce.getMessage());
                return ce.exitCode();
            }
            ctx.err().println("llmf: unexpected error: " + ex);
            if (ctx.env().containsKey("LLMF_DEBUG")) {
                ex.printStackTrace(ctx.err());
            } else {
                ctx.err().println("(set LLMF_DEBUG=1 to see the stack trace)");
            }
            return CliException.FAILED;
        });
        return cl;
    }

    /** {@code llmf --version}: the project version, filtered into a resource at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Llmf.class.getResourceAsStream("/llmf-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"llmf " + p.getProperty("version", "(development)"), "Java " + Runtime.version()};
        }
    }
}
