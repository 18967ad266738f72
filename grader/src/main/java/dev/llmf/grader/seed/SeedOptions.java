package dev.llmf.grader.seed;

import java.util.List;

/**
 * The options of {@code seed-demo}: how many learners and attempts, the seed that makes the data repeatable, and
 * whether to replace an earlier seeded course.
 */
public record SeedOptions(int learners, int attempts, long seed, boolean replace) {

    public static final String USAGE = "usage: seed-demo [--learners 2000] [--attempts 10] [--seed 42] [--replace]";

    public SeedOptions {
        if (learners < 1 || learners > 99_999) {
            throw new IllegalArgumentException("--learners (" + learners + ") must be between 1 and 99999");
        }
        if (attempts < 1 || attempts > 100) {
            throw new IllegalArgumentException("--attempts (" + attempts + ") must be between 1 and 100");
        }
    }

    /** Reads the command line; throws with a message that says what is wrong. */
    public static SeedOptions parse(List<String> args) {
        int learners = 2000;
        int attempts = 10;
        long seed = 42;
        boolean replace = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--replace" -> replace = true;
                case "--learners", "--attempts", "--seed" -> {
                    if (i + 1 == args.size()) {
                        throw new IllegalArgumentException(arg + " needs a number");
                    }
                    String value = args.get(++i);
                    try {
                        switch (arg) {
                            case "--learners" -> learners = Integer.parseInt(value);
                            case "--attempts" -> attempts = Integer.parseInt(value);
                            default -> seed = Long.parseLong(value);
                        }
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(arg + " needs a whole number, not '" + value + "'");
                    }
                }
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        return new SeedOptions(learners, attempts, seed, replace);
    }
}
