package dev.llmf.cli;

import picocli.CommandLine.Command;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@code llmf status}: the learner's progress over the course, one row an exercise, with its dates. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show your progress: per exercise its status, attempts, best and latest score, when it opens and is due.")
final class StatusCommand implements Callable<Integer> {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final Context ctx;

    StatusCommand(Context ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Config config = Config.load(ctx);
        GraderClient client = new GraderClient(config.serverOrDefault(), config.requireToken());
        SubmitCommand.warnIfOtherGrader(ctx, config);
        List<Api.ProgressView> rows = client.progress();
        Map<String, Api.ExerciseView> exercises = client.exercises().stream()
                .collect(Collectors.toMap(Api.ExerciseView::id, Function.identity(), (a, b) -> a));
        ctx.out().println("Progress" + (config.username() == null ? "" : " of " + config.username())
                + " at " + client.server());
        ctx.out().println();
        String dash = ctx.style().dash();
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"#", "exercise", "status", "attempts", "best", "latest", "opens", "due"});
        for (Api.ProgressView p : rows) {
            Api.ExerciseView e = exercises.get(p.exercise());
            table.add(new String[] {String.valueOf(p.number()), p.exercise(), statusWord(p.status()),
                    String.valueOf(p.attempts()), p.best() == null ? dash : p.best().text(),
                    p.latest() == null ? dash : p.latest().text(),
                    e == null ? dash : date(e.opensAt(), dash), date(e == null ? p.dueAt() : e.dueAt(), dash)});
        }
        Table.print(ctx.out(), table, ctx.style());
        long passed = rows.stream().filter(p -> "PASSED".equals(p.status())).count();
        ctx.out().println();
        ctx.out().println(passed + " of " + rows.size() + " exercises passed with full score. Dates are in "
                + (ctx.zone().equals(java.time.ZoneOffset.UTC) ? "UTC" : ctx.zone().getId()) + ".");
        return 0;
    }

    /** An API time as the learner's local date and time; the dash when there is none. */
    private String date(String iso, String dash) {
        if (iso == null || iso.isBlank()) {
            return dash;
        }
        try {
            return DATE.format(Instant.parse(iso).atZone(ctx.zone()));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    static String statusWord(String status) {
        if (status == null) {
            return "?";
        }
        return status.toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
