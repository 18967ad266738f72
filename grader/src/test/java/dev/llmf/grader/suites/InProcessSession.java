package dev.llmf.grader.suites;

import dev.llmf.grader.sandbox.LearnerFailure;
import dev.llmf.grader.sandbox.SandboxSession;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * A test-only {@link SandboxSession} that runs learner classes in this JVM: it loads the class by name from the
 * given class loader, creates it with its no-arg constructor, and hands out a proxy of the contract that calls
 * it directly. Exceptions thrown by learner code pass through unchanged (nothing is mapped), so the suites see
 * what they would see from the real sandbox for the standard exception types.
 */
final class InProcessSession implements SandboxSession {

    private final ClassLoader loader;

    InProcessSession(ClassLoader loader) {
        this.loader = loader;
    }

    @Override
    public <T> T implementation(Class<T> contract, String className) {
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
        Object proxy = Proxy.newProxyInstance(contract.getClassLoader(), new Class<?>[] {contract},
                (self, method, args) -> {
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
