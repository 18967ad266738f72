package dev.llmf.grader.sandbox;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A session: one child JVM at a time (a fresh one after each death) and the proxies that call into it. Calls are
 * serialized. A proxy remembers its contract and class name; after the child died, its next call creates the
 * instance again in the new child (state the old instance had, such as a trained tokenizer, is lost: the call that
 * killed the child has already failed). With a time budget ({@link Limits#sessionBudget()}), the session's calls
 * share it and a method that timed out is not called again ({@link CallBudget}).
 */
final class JvmSession implements SandboxSession {

    /** Standard exceptions re-thrown in the grader as the same type with the same message. */
    private static final Map<String, Function<String, RuntimeException>> STANDARD = Map.of(
            "java.lang.IllegalArgumentException", IllegalArgumentException::new,
            "java.lang.IllegalStateException", IllegalStateException::new,
            "java.lang.IndexOutOfBoundsException", IndexOutOfBoundsException::new,
            "java.lang.ArrayIndexOutOfBoundsException", ArrayIndexOutOfBoundsException::new,
            "java.lang.NullPointerException", NullPointerException::new,
            "java.lang.ArithmeticException", ArithmeticException::new,
            "java.lang.UnsupportedOperationException", UnsupportedOperationException::new,
            "java.lang.ClassCastException", ClassCastException::new,
            "java.lang.NegativeArraySizeException", NegativeArraySizeException::new);

    private final JvmSandbox sandbox;
    private final Path classes;
    private final Limits limits;
    private final OutputCapture output;
    private final CallBudget budget;
    private final List<Long> startupNanos = new ArrayList<>();
    private final List<Long> firstCallNanos = new ArrayList<>();
    /** The learner's classes as a jar, read on the first child's start. */
    private byte[] learnerJar;
    /** Volatile: {@link #close()} kills it without waiting for a call in progress to end. */
    private volatile ChildProcess child;
    /** The arrays the current child shares with the suites (a new child starts with none). */
    private SharedArrays shared;
    private volatile boolean closed;
    private int generation;
    private int childrenStarted;

    JvmSession(JvmSandbox sandbox, Path classes, Limits limits) {
        this.sandbox = sandbox;
        this.classes = classes;
        this.limits = limits;
        this.output = new OutputCapture(limits.outputBytes());
        this.budget = new CallBudget(limits);
    }

    /** Starts the first child (so a sandbox that cannot start fails at open, not at the first call). */
    synchronized void start() {
        try {
            ensureChild();
        } catch (LearnerFailure e) {
            close();
            throw new SandboxUnavailableException("the sandboxed JVM did not start: " + e.getMessage());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public synchronized <T> T implementation(Class<T> contract, String className) {
        Objects.requireNonNull(className, "className");
        if (!contract.isInterface() || !Wire.isContractClass(contract) || !Modifier.isPublic(contract.getModifiers())) {
            throw new IllegalArgumentException(contract.getName() + " is not an interface of the contract");
        }
        ensureOpen();
        Target target = new Target(contract, className);
        instantiate(target);
        Object proxy = Proxy.newProxyInstance(contract.getClassLoader(), new Class<?>[] {contract},
                new Handler(target));
        return contract.cast(proxy);
    }

    /** Not synchronized: readable while a call is in progress. */
    @Override
    public String output() {
        return output.text();
    }

    @Override
    public long outputMark() {
        return output.mark();
    }

    @Override
    public String outputSince(long mark) {
        return output.textSince(mark);
    }

    /** Kills the child at once, even while a call waits on it (that call then fails); idempotent. */
    @Override
    public void close() {
        closed = true;
        ChildProcess running = child;
        if (running != null) {
            running.close();
        }
        synchronized (this) {
            if (child != null) {
                child.close();
                child = null;
            }
        }
    }

    /** How many child JVMs this session started (1 plus one per death). */
    synchronized int childrenStarted() {
        return childrenStarted;
    }

    /** Spawn → hello of every child so far, in nanoseconds. */
    synchronized List<Long> startupNanos() {
        return List.copyOf(startupNanos);
    }

    /** Spawn → end of the first call, for every child that answered one. */
    synchronized List<Long> firstCallNanos() {
        List<Long> all = new ArrayList<>(firstCallNanos);
        if (child != null && child.firstCallNanos() >= 0) {
            all.add(child.firstCallNanos());
        }
        return all;
    }

    /** The pid of the current child process (the launcher: {@code sh}/{@code bwrap} or {@code java}), -1 if none. */
    long childPid() {
        ChildProcess running = child;
        return running == null ? -1 : running.pid();
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Also refuses calls from an interrupted thread (the grader is stopping): no new child is started for them. */
    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the sandbox session is closed");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new LearnerFailure(LearnerFailure.Kind.CRASHED, "the grader stopped while your code was being graded");
        }
    }

    private void ensureChild() {
        if (child != null && !child.isDead()) {
            return;
        }
        retire();
        ChildProcess started;
        try {
            started = sandbox.startChild(limits, output);
        } catch (IOException e) {
            throw new SandboxUnavailableException("cannot start the sandboxed JVM: " + e.getMessage(), e);
        } catch (ChildProcess.Died e) {
            childrenStarted++;
            throw e.toFailure();
        }
        childrenStarted++;
        generation++;
        startupNanos.add(started.startupNanos());
        child = started;
        shared = new SharedArrays(SharedArrays.Side.GRADER);
        if (closed) {   // closed while we were starting it
            retire();
            throw new IllegalStateException("the sandbox session is closed");
        }
        loadClasses();
    }

    /** Sends the learner's classes, the child's first request (none of them runs yet). */
    private void loadClasses() {
        if (learnerJar == null) {
            try {
                learnerJar = HarnessFiles.jarBytes(classes);
            } catch (IOException e) {
                retire();
                throw new SandboxUnavailableException("cannot read the compiled classes: " + e.getMessage(), e);
            }
        }
        Wire.Request request = new Wire.Request(child.nextRequestId(), Wire.NO_HANDLE, "", Wire.LOAD_CLASSES,
                List.of(byte[].class.getName()), List.of(learnerJar));
        Wire.Response response;
        try {
            response = child.call(request, Wire.encodeRequest(request, shared), JvmSandbox.STARTUP_TIMEOUT, shared);
        } catch (ChildProcess.Died e) {
            retire();
            throw e.toFailure();
        }
        if (response.kind() != Wire.VALUE) {
            throw protocolViolation("the sandboxed JVM did not take your classes: " + response.message());
        }
    }

    /** Frees a dead child's resources (its cgroups); keeps its timings. */
    private void retire() {
        if (child != null) {
            if (child.firstCallNanos() >= 0) {
                firstCallNanos.add(child.firstCallNanos());
            }
            child.close();
            child = null;
        }
    }

    private void instantiate(Target target) {
        String constructor = target.className + "#new";
        budget.allow(constructor, "the constructor of " + target.className);
        ensureChild();
        Wire.Request request = new Wire.Request(child.nextRequestId(), Wire.NO_HANDLE, target.contract.getName(),
                Wire.NEW_INSTANCE, List.of(String.class.getName()), List.of(target.className));
        Wire.Response response = exchange(request, constructor);
        switch (response.kind()) {
            case Wire.VALUE -> {
                if (!(response.value() instanceof Integer handle) || handle == Wire.NO_HANDLE) {
                    throw protocolViolation("the sandboxed process answered a new instance with "
                            + describe(response.value()));
                }
                target.handle = handle;
                target.generation = generation;
            }
            case Wire.FAILURE -> throw failure(response);
            default -> throw protocolViolation("the sandboxed process answered a new instance with an exception");
        }
    }

    synchronized Object call(Target target, Method method, Object[] args) {
        ensureOpen();
        List<String> types = new ArrayList<>();
        for (Class<?> t : method.getParameterTypes()) {
            types.add(t.getName());
        }
        String key = target.contract.getName() + "#" + method.getName() + types;
        budget.allow(key, method.getName());
        ensureChild();
        if (target.generation != generation) {
            instantiate(target);   // a fresh child: the instance the proxy had died with the old one
        }
        List<Object> values = args == null ? List.of() : Arrays.asList(args);
        Wire.Request request = new Wire.Request(child.nextRequestId(), target.handle, target.contract.getName(),
                method.getName(), types, values);
        Wire.Response response = exchange(request, key);
        return switch (response.kind()) {
            case Wire.VALUE -> checkResult(method, response.value());
            case Wire.EXCEPTION -> throw learnerException(response, limits);
            case Wire.FAILURE -> throw failure(response);
            default -> throw protocolViolation("unknown response kind " + response.kind());
        };
    }

    /** One request and its answer; {@code method} names what is called, for the {@link CallBudget}. */
    private Wire.Response exchange(Wire.Request request, String method) {
        byte[] payload = Wire.encodeRequest(request, shared);   // IllegalArgumentException: a bad value
        ChildProcess current = child;
        Duration timeout = budget.nextTimeout();
        long start = System.nanoTime();
        try {
            Wire.Response response = current.call(request, payload, timeout, shared);
            budget.spent(method, System.nanoTime() - start, timeout, null);
            return response;
        } catch (ChildProcess.Died e) {
            retire();
            if (closed) {
                throw new LearnerFailure(LearnerFailure.Kind.CRASHED, "the grader closed the sandbox while your code"
                        + " was running");
            }
            throw budget.spent(method, System.nanoTime() - start, timeout, e.toFailure());
        }
    }

    private Object checkResult(Method method, Object value) {
        Class<?> type = method.getReturnType();
        if (!Wire.fits(type, value)) {
            throw protocolViolation(method.getName() + " must return " + type.getTypeName() + " but the sandboxed"
                    + " process answered with " + describe(value));
        }
        if (value instanceof List<?> list) {
            Type generic = method.getGenericReturnType();
            if (generic instanceof ParameterizedType p && p.getActualTypeArguments().length == 1
                    && p.getActualTypeArguments()[0] instanceof Class<?> element) {
                for (Object o : list) {
                    if (o != null && !element.isInstance(o)) {
                        throw protocolViolation(method.getName() + " must return a list of " + element.getTypeName()
                                + " but the list holds " + describe(o));
                    }
                }
            }
        }
        return value;
    }

    /** The child answered something the grader cannot use: it is killed, the next call starts a fresh one. */
    private LearnerFailure protocolViolation(String message) {
        if (child != null) {
            child.kill(LearnerFailure.Kind.PROTOCOL, message);
            retire();
        }
        return new LearnerFailure(LearnerFailure.Kind.PROTOCOL, message);
    }

    private static LearnerFailure failure(Wire.Response response) {
        LearnerFailure.Kind kind;
        try {
            kind = LearnerFailure.Kind.valueOf(response.className());
        } catch (IllegalArgumentException e) {
            kind = LearnerFailure.Kind.PROTOCOL;
        }
        return new LearnerFailure(kind, Objects.requireNonNullElse(response.message(), kind.name()));
    }

    /**
     * A standard exception as itself, a subclass of one as that standard type, an {@code OutOfMemoryError} as the
     * limit it hit, anything else as a failure.
     */
    static RuntimeException learnerException(Wire.Response response, Limits limits) {
        String className = response.className();
        String message = response.message();
        if (className.equals("java.lang.OutOfMemoryError")) {
            return new LearnerFailure(LearnerFailure.Kind.OUT_OF_MEMORY, OutOfMemoryText.describe(message, limits));
        }
        Function<String, RuntimeException> same = STANDARD.get(className);
        if (same != null) {
            return same.apply(message);
        }
        String text = message == null ? className : className + ": " + message;
        for (String superclass : response.superclasses()) {
            Function<String, RuntimeException> parent = STANDARD.get(superclass);
            if (parent != null) {
                return parent.apply(text);
            }
        }
        text += hint(className, message);
        return new LearnerFailure(LearnerFailure.Kind.EXCEPTION, text);
    }

    /** A few errors say little by their name alone: what they usually mean. */
    private static String hint(String className, String message) {
        return switch (className) {
            case "java.lang.StackOverflowError" -> " (is there a recursion that never ends?)";
            case "java.lang.ExceptionInInitializerError" -> " (a static initializer or static field of yours failed"
                    + " the first time its class was used)";
            case "java.lang.NoClassDefFoundError" -> message != null && message.startsWith("Could not initialize")
                    ? " (its static initializer failed when the class was first used)" : "";
            default -> "";
        };
    }

    private static String describe(Object value) {
        return value == null ? "null" : "a " + value.getClass().getTypeName();
    }

    /** What a proxy stands for in the child. */
    static final class Target {
        final Class<?> contract;
        final String className;
        int handle;
        int generation = -1;

        Target(Class<?> contract, String className) {
            this.contract = contract;
            this.className = className;
        }
    }

    private final class Handler implements InvocationHandler {
        private final Target target;

        Handler(Target target) {
            this.target = target;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "toString" -> "sandboxed " + target.className + " (" + target.contract.getSimpleName() + ")";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> args != null && args.length == 1 && args[0] == proxy;
                    default -> throw new UnsupportedOperationException(method.getName());
                };
            }
            return call(target, method, args);
        }
    }
}
