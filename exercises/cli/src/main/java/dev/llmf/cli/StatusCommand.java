package dev.llmf.cli;

import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code llmf status}: the learner's progress over the course, one row an exercise. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show your progress: per exercise its status, attempts, best and latest score.")
final class StatusCommand implements Callable<Integer> {

    private final Context ctx;

    StatusCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Config config = Config.load(ctx);
        GraderClient client = new GraderClient(config.serverOrDefault(), config.requireToken());
        List<Api.ProgressView> rows = client.progress();
        ctx.out().println("Progress" + (config.username() == null ? "" : " of " + config.username())
                + " at " + client.server());
        ctx.out().println();
        String dash = ctx.style().dash();
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"#", "exercise", "status", "attempts", "best", "latest"});
        for (Api.ProgressView p : rows) {
            table.add(new String[] {String.valueOf(p.number()), p.exercise(), statusWord(p.status()),
                    String.valueOf(p.attempts()), p.best() == null ? dash : p.best().text(),
                    p.latest() == null ? dash : p.latest().text()});
        }
        Table.print(ctx.out(), table, ctx.style());
        long passed = rows.stream().filter(p -> "PASSED".equals(p.status())).count();
        ctx.out().println();
        ctx.out().println(passed + " of " + rows.size() + " exercises passed with full score.");
        return 0;
    }

    static String statusWord(String status) {
        if (status == null) {
            return "?";
        }
        return status.toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
