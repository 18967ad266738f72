package dev.llmf.grader.suites;

import dev.llmf.grader.sandbox.LearnerFailure;
import dev.llmf.grader.sandbox.SandboxSession;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only {@link SandboxSession} that runs learner classes in this JVM: it loads the class by name from the
 * given class loader, creates it with its no-arg constructor, and hands out a proxy of the contract that calls
 * it directly. Exceptions thrown by learner code pass through unchanged (nothing is mapped), so the suites see
 * what they would see from the real sandbox for the standard exception types.
 */
final class InProcessSession implements SandboxSession {

    private final ClassLoader loader;
    private final boolean serveReference;
    private final AtomicInteger calls = new AtomicInteger();

    InProcessSession(ClassLoader loader) {
        this(loader, false);
    }

    private InProcessSession(ClassLoader loader, boolean serveReference) {
        this.loader = loader;
        this.serveReference = serveReference;
    }

    /** A session that answers every request with the reference implementation (to check the suites themselves). */
    static InProcessSession servingReference() {
        return new InProcessSession(InProcessSession.class.getClassLoader(), true);
    }

    /** How many times the suites crossed into learner code (instances created plus method calls). */
    int calls() {
        return calls.get();
    }

    @Override
    public <T> T implementation(Class<T> contract, String className) {
        calls.incrementAndGet();
        if (serveReference) {
            return wrap(contract, Grading.reference(contract));
        }
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new LearnerFailure(LearnerFailure.Kind.MISSING_CLASS, "class " + className + " was not found: " + e);
        }
        if (!contract.isAssignableFrom(type)) {
            throw new LearnerFailure(LearnerFailure.Kind.MISSING_CLASS,
                    className + " does not implement " + contract.getName());
        }
        Object instance;
        try {
            instance = type.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new LearnerFailure(LearnerFailure.Kind.EXCEPTION, "the constructor of " + className + " threw "
                    + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new LearnerFailure(LearnerFailure.Kind.MISSING_CLASS, className + " has no public no-arg "
                    + "constructor: " + e);
        }
        return wrap(contract, instance);
    }

    private <T> T wrap(Class<T> contract, Object instance) {
        Object proxy = Proxy.newProxyInstance(contract.getClassLoader(), new Class<?>[] {contract},
                (self, method, args) -> {
                    calls.incrementAndGet();
                    try {
                        return method.invoke(instance, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return contract.cast(proxy);
    }

    @Override
    public String output() {
        return "";
    }

    @Override
    public void close() {
    }
}
