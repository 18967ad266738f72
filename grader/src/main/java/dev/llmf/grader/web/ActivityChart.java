package dev.llmf.grader.web;

import dev.llmf.grader.dashboard.ActivityQuery;
import dev.llmf.grader.dashboard.Choice;
import dev.llmf.grader.model.CourseExercise;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The activity page's view: submissions over time as bars, each due date as a mark at its place on the axis. */
final class ActivityChart {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("MMM d HH:00", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final int MAX_LABELS = 12;

    private ActivityChart() {
    }

    static InstructorViews.ActivityPage page(ActivityQuery.Activity a, List<CourseExercise> courseExercises) {
        ActivityQuery.Interval by = Choice.of(ActivityQuery.Interval.class, "by", a.by(), ActivityQuery.Interval.DAY);
        DateTimeFormatter format = by == ActivityQuery.Interval.HOUR ? HOUR : DAY;
        List<InstructorViews.Option> intervals = List.of(
                new InstructorViews.Option("day", "per day", by == ActivityQuery.Interval.DAY),
                new InstructorViews.Option("hour", "per hour", by == ActivityQuery.Interval.HOUR));
        List<InstructorViews.Option> exercises = new ArrayList<>();
        exercises.add(new InstructorViews.Option("", "all exercises", a.exercise() == null));
        courseExercises.forEach(e -> exercises.add(new InstructorViews.Option(e.slug, e.position + ". " + e.title,
                e.slug.equals(a.exercise()))));
        List<InstructorViews.DeadlineRow> deadlines = a.deadlines().stream().map(d -> new InstructorViews.DeadlineRow(
                d.number(), d.title(), Format.when(d.dueAt()), Format.iso(d.dueAt()))).toList();
        CountChart chart = a.points().isEmpty() ? null : chart(a, by, format);
        return new InstructorViews.ActivityPage(chart, intervals, exercises, a.total(), a.peak(), by.param(),
                a.truncated(), deadlines);
    }

    private static CountChart chart(ActivityQuery.Activity a, ActivityQuery.Interval by, DateTimeFormatter format) {
        String unit = by == ActivityQuery.Interval.HOUR ? "hour" : "day";
        List<CountChart.Value> values = a.points().stream().map(p -> new CountChart.Value(format.format(p.start()),
                p.submissions(), p.submissions() + (p.submissions() == 1 ? " submission" : " submissions") + " in the "
                        + unit + " from " + Format.when(p.start()))).toList();
        Instant first = a.points().getFirst().start();
        long barMillis = by.length().toMillis();
        List<CountChart.MarkAt> marks = a.deadlines().stream()
                .map(d -> new CountChart.MarkAt((double) Duration.between(first, d.dueAt()).toMillis() / barMillis,
                        "due " + d.number(), d.title() + " due " + Format.when(d.dueAt())))
                .filter(m -> m.position() >= 0 && m.position() <= values.size())
                .toList();
        int labelEvery = Math.max(1, (values.size() + MAX_LABELS - 1) / MAX_LABELS);
        return CountChart.of("activity-bars", "Submissions per " + unit + " (UTC)"
                + (a.exercise() == null ? ", all exercises" : ", " + a.exercise()), values, labelEvery, false, marks);
    }
}
