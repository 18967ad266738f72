package dev.llmf.grader.suites;

import dev.llmf.grader.grading.Exercise;
import dev.llmf.grader.sandbox.SandboxSession;

import java.util.ServiceLoader;
import java.util.SplittableRandom;

/**
 * What a hidden suite needs while it runs: the learner's implementation (a proxy into the sandbox), the trusted
 * reference, and the per-submission seed for random cases. The suite runner sets it before the suite starts.
 */
public final class Grading {

    private static final ThreadLocal<Grading> CURRENT = new InheritableThreadLocal<>();

    private final Exercise exercise;
    private final SandboxSession session;
    private final long seed;

    public Grading(Exercise exercise, SandboxSession session, long seed) {
        this.exercise = exercise;
        this.session = session;
        this.seed = seed;
    }

    public static void set(Grading grading) {
        CURRENT.set(grading);
    }

    public static void clear() {
        CURRENT.remove();
    }

    private static Grading current() {
        Grading g = CURRENT.get();
        if (g == null) {
            throw new IllegalStateException("hidden suites run only inside the grader's suite runner");
        }
        return g;
    }

    /** A fresh instance of the learner's class for {@code contract} (the exercise's own class, or an earlier one). */
    public static <T> T learner(Class<T> contract) {
        Grading g = current();
        return g.session.implementation(contract, Exercise.learnerClassFor(contract));
    }

    /** The reference implementation of {@code contract}: the source of expected answers. */
    public static <T> T reference(Class<T> contract) {
        return contract.cast(REFERENCE_PROVIDERS.get(contract).get());
    }

    /**
     * Each contract's reference provider, looked up once: a {@link ServiceLoader} lookup scans every jar of the
     * grader's class path, and suites ask for the reference many times a submission. {@code get()} still makes a
     * fresh instance each time, so no reference state is shared between tests or submissions.
     */
    private static final ClassValue<ServiceLoader.Provider<?>> REFERENCE_PROVIDERS = new ClassValue<>() {
        @Override
        protected ServiceLoader.Provider<?> computeValue(Class<?> contract) {
            return ServiceLoader.load(contract, Grading.class.getClassLoader()).stream().findFirst().orElseThrow();
        }
    };

    /** The per-submission seed: random cases differ between submissions but repeat for a regrade. */
    public static long seed() {
        return current().seed;
    }

    /** A generator for random cases, derived from the seed and a name so tests don't share draws. */
    public static SplittableRandom random(String testName) {
        return new SplittableRandom(current().seed ^ testName.hashCode() * 0x9E3779B97F4A7C15L);
    }

    public static Exercise exercise() {
        return current().exercise;
    }

    /** The exercise this context grades (for the runner, which holds the context itself). */
    public Exercise exerciseOf() {
        return exercise;
    }

    /** The sandbox session the learner's code runs in (for the runner: what the code printed during each test). */
    public SandboxSession sessionOf() {
        return session;
    }
}
