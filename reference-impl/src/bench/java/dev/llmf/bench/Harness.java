package dev.llmf.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Times one case the way the Python baselines do (see {@code baselines.py}, same rules): untimed warm-up calls for
 * {@link Plan#warmup()} seconds, then timed calls until both {@link Plan#minTime()} seconds and
 * {@link Plan#minReps()} calls have passed, at most {@link Plan#maxReps()}. Reports the best call (the least
 * disturbed by other work on the machine) and the median.
 */
final class Harness {

    /** Results go here so that the JIT cannot drop the work. */
    static volatile Object sink;

    record Timing(double best, double median, int reps) {
    }

    /** The timing rules of {@link #time}; {@link Plan#rules()} gives the run's. */
    record Rules(double warmup, double minTime, int minReps, int maxReps) {
    }

    private Harness() {
    }

    static Timing time(Plan plan, Runnable body) {
        return time(plan.rules(), body);
    }

    static Timing time(Rules rules, Runnable body) {
        return timeInTurn(rules, body)[0];
    }

    /**
     * Times in-process contenders call by call in turn (a, b, a, b, …), so that whatever else the machine does at
     * the time falls on all of them alike. Each gets the rules' time and number of calls.
     */
    static Timing[] timeInTurn(Rules rules, Runnable... bodies) {
        long warmupEnd = System.nanoTime() + (long) (rules.warmup() * 1e9 * bodies.length);
        if (rules.warmup() > 0) {
            do {
                for (Runnable body : bodies) {
                    body.run();
                }
            } while (System.nanoTime() < warmupEnd);
        }
        List<List<Double>> seconds = new ArrayList<>();
        for (Runnable ignored : bodies) {
            seconds.add(new ArrayList<>());
        }
        long start = System.nanoTime();
        for (int reps = 0; reps < rules.maxReps() && (reps < rules.minReps()
                || System.nanoTime() - start < rules.minTime() * 1e9 * bodies.length); reps++) {
            for (int i = 0; i < bodies.length; i++) {
                long t0 = System.nanoTime();
                bodies[i].run();
                seconds.get(i).add((System.nanoTime() - t0) / 1e9);
            }
        }
        Timing[] timings = new Timing[bodies.length];
        for (int i = 0; i < bodies.length; i++) {
            List<Double> s = seconds.get(i);
            Collections.sort(s);
            timings[i] = new Timing(s.getFirst(), s.get(s.size() / 2), s.size());
        }
        return timings;
    }
}
