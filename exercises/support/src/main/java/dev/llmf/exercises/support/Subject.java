package dev.llmf.exercises.support;

import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * Picks the implementation a public test runs against: the learner's own class, or — when the build runs the
 * tests with {@code -Dllmf.solution=reference} — the reference implementation found through
 * {@link ServiceLoader}. The second run is how the build proves that every public test passes on the reference.
 */
public final class Subject {

    /** System property that selects the implementation: {@code learner} (default) or {@code reference}. */
    public static final String PROPERTY = "llmf.solution";

    private Subject() {
    }

    /**
     * The implementation of {@code contract} to test.
     *
     * @param learnerImplementation creates the learner's class, e.g. {@code BpeTokenizer::new}
     */
    public static <T> T of(Class<T> contract, Supplier<? extends T> learnerImplementation) {
        if (!"reference".equals(System.getProperty(PROPERTY, "learner"))) {
            return learnerImplementation.get();
        }
        return ServiceLoader.load(contract).findFirst().orElseThrow(() -> new IllegalStateException(
                "no reference implementation of " + contract.getSimpleName() + " on the test class path"));
    }
}
