package dev.llmf.grader.seed;

import io.quarkus.runtime.QuarkusApplication;
import jakarta.inject.Inject;

import java.util.Arrays;

/**
 * {@code java -jar quarkus-run.jar seed-demo [options]}: fills the course with a big demo class (see
 * {@link DemoSeeder}) and exits. Runs with no HTTP listener and no grading workers (GraderMain sets that up).
 */
public class SeedDemoCommand implements QuarkusApplication {

    @Inject
    DemoSeeder seeder;

    @Override
    public int run(String... args) {
        SeedOptions options;
        try {
            options = SeedOptions.parse(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            System.err.println("seed-demo: " + e.getMessage() + "\n" + SeedOptions.USAGE);
            return 2;
        }
        try {
            DemoSeeder.Result r = seeder.seed(options);
            System.out.printf("seed-demo: %d learners (%s … %s), %d submissions, %d test results, %d progress rows in %.1f s%n",
                    r.learners(), r.firstUsername(), r.lastUsername(), r.submissions(), r.testResults(), r.progressRows(),
                    r.millis() / 1000.0);
            System.out.println("seed-demo: every seeded learner signs in with the password: " + r.password());
            return 0;
        } catch (DemoSeeder.AlreadySeeded e) {
            System.err.println("seed-demo: " + e.getMessage());
            return 1;
        }
    }
}
