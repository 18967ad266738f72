package dev.llmf.grader.sandbox;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The main class of the child JVM: the only code besides the learner's that runs there. It reads requests from
 * stdin, runs them on the learner's objects and writes responses on a private duplicate of stdout.
 *
 * <p>Before any learner class is loaded it moves the protocol off the standard descriptors: it opens descriptors of
 * its own on the stdin and stdout pipes (through {@code /proc/self/fd}), then closes {@code FileDescriptor.in} and
 * {@code FileDescriptor.out}, which makes the JDK put {@code /dev/null} on 0 and 1. So {@code System.out},
 * {@code System.in}, {@code new FileOutputStream(FileDescriptor.out)} (now "Stream Closed") and the JVM's own
 * messages never touch the frames; the learner's prints go to stderr, capped at the limit given as the first
 * argument. Learner code runs in this JVM and could still find the protocol descriptor, so the grader trusts nothing
 * it reads: every response is checked against the request id and the schema, and a forged answer can say no more
 * than the learner's method could have returned.
 *
 * <p>Only the JDK, the contract and {@link Wire} may be used here: the child's class path has nothing else.
 */
public final class SandboxChild {

    /** How many causes a learner's exception message lists. */
    private static final int MAX_CAUSES = 5;

    private final Map<Integer, Object> instances = new HashMap<>();
    private final Map<Integer, Class<?>> instanceContracts = new HashMap<>();
    private final Map<String, Method> methods = new HashMap<>();
    /** The arrays this child shares with the grader: learner code sees views and its writes travel back. */
    private final SharedArrays shared = new SharedArrays(SharedArrays.Side.CHILD);
    private final CappedOutput learnerOutput;
    /** The learner's classes: null until the grader sent them (the first request). */
    private LearnerClassLoader learnerClasses;
    private int nextHandle = 1;

    private SandboxChild(CappedOutput learnerOutput) {
        this.learnerOutput = learnerOutput;
    }

    public static void main(String[] args) throws Exception {
        int outputCap = args.length > 0 ? Integer.parseInt(args[0]) : 64 * 1024;

        // 1. the protocol gets descriptors of its own; 0 and 1 stop leading to the pipes. Closing a standard
        //    FileDescriptor makes the JDK dup2 /dev/null onto it, so the numbers 0 and 1 stay taken.
        FileInputStream protocolIn = reopenIn(0);
        FileOutputStream protocolOut = reopenOut(1);
        if (protocolIn == null || protocolOut == null) {
            // no /proc or /dev/fd (not Linux): fall back to the standard descriptors, still framed and checked
            protocolIn = new FileInputStream(FileDescriptor.in);
            protocolOut = new FileOutputStream(FileDescriptor.out);
        } else {
            new FileInputStream(FileDescriptor.in).close();
            new FileOutputStream(FileDescriptor.out).close();
        }

        // 2. learner output: System.out and System.err share one capped stream onto stderr; System.in is empty
        FileOutputStream stderr = new FileOutputStream(FileDescriptor.err);
        CappedOutput capped = new CappedOutput(stderr, outputCap);
        PrintStream learnerOut = new PrintStream(capped, true, StandardCharsets.UTF_8);
        System.setOut(learnerOut);
        System.setErr(learnerOut);
        System.setIn(InputStream.nullInputStream());

        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(protocolIn, 1 << 16));
        DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(protocolOut, 1 << 16));

        long[] ids = pidAndParent();
        startParentWatchdog(ids);

        long pid = ids != null ? ids[0] : ProcessHandle.current().pid();
        Wire.writeFrame(out, Wire.encodeHello(new Wire.Hello(Wire.VERSION, pid)));
        new SandboxChild(capped).serve(in, out);
    }

    /** A new descriptor on the same pipe as {@code fd}, or null where /proc and /dev/fd are missing. */
    private static FileInputStream reopenIn(int fd) {
        for (String dir : new String[] {"/proc/self/fd/", "/dev/fd/"}) {
            try {
                return new FileInputStream(dir + fd);
            } catch (IOException e) {
                // try the next place
            }
        }
        return null;
    }

    private static FileOutputStream reopenOut(int fd) {
        for (String dir : new String[] {"/proc/self/fd/", "/dev/fd/"}) {
            try {
                return new FileOutputStream(dir + fd);
            } catch (IOException e) {
                // try the next place
            }
        }
        return null;
    }

    /**
     * Exits when the grader (our parent) is gone, even while learner code is running on the main thread, and takes
     * the processes the learner's code started with it. Inside bubblewrap the parent is bwrap, which dies with the
     * grader and takes the whole PID namespace along; without bubblewrap this is what ends the child.
     */
    private static void startParentWatchdog(long[] ids) {
        long parentPid = ids != null ? ids[1] : ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L);
        if (parentPid <= 0) {
            return;
        }
        // an anonymous class, not a lambda: bootstrapping a lambda costs a fresh JVM a few milliseconds
        Thread t = new Thread(new Runnable() {
            @Override
            public void run() {
                while (true) {
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        // keep watching
                    }
                    if (parentGone(parentPid)) {
                        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
                        Runtime.getRuntime().halt(70);
                    }
                }
            }
        }, "llmf-parent-watchdog");
        t.setDaemon(true);
        t.start();
    }

    /** Whether our parent has died: we then have another parent (the subreaper or init). */
    private static boolean parentGone(long parentPid) {
        long[] now = pidAndParent();
        if (now != null) {
            return now[1] != parentPid;
        }
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        return parent.isEmpty() || parent.get().pid() != parentPid || !parent.get().isAlive();
    }

    /**
     * This process's pid and its parent's, from {@code /proc/self/stat} (its fields 1 and 4), or null without it.
     * Not through {@link ProcessHandle}: its first use starts the JDK's process reaper and bootstraps method handles,
     * about 10 ms of a child JVM's start.
     */
    private static long[] pidAndParent() {
        try (FileInputStream in = new FileInputStream("/proc/self/stat")) {
            String stat = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");   // state, ppid, …
            return new long[] {Long.parseLong(stat.substring(0, stat.indexOf(' '))), Long.parseLong(afterName[1])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void serve(DataInputStream in, DataOutputStream out) {
        while (true) {
            byte[] frame;
            Wire.Request request;
            try {
                frame = Wire.readFrame(in);
                if (frame == null) {
                    Runtime.getRuntime().halt(0);     // stdin closed: the grader is done with us
                }
                request = Wire.decodeRequest(frame, shared);
            } catch (IOException | RuntimeException e) {
                Runtime.getRuntime().halt(71);        // the grader sent something we cannot read: give up
                return;
            }
            Wire.Response response = handle(request);
            byte[] payload;
            try {
                payload = Wire.encodeResponse(response.withOutputMark(learnerOutput.written()), shared);
            } catch (Throwable e) {
                // e.g. a value of a type the pipe does not carry, too large, or a List of the learner's whose
                // iteration throws: learner code may run while encoding, so anything can come out of it
                payload = Wire.encodeResponse(Wire.Response.failure(request.id(), "EXCEPTION",
                        "your method returned a value that cannot be sent back to the grader: " + describe(e))
                        .withOutputMark(learnerOutput.written()), shared);
            }
            try {
                synchronized (out) {
                    Wire.writeFrame(out, payload);
                }
            } catch (IOException e) {
                Runtime.getRuntime().halt(72);        // the pipe is gone
            }
        }
    }

    private Wire.Response handle(Wire.Request request) {
        long id = request.id();
        if (learnerClasses == null || Wire.LOAD_CLASSES.equals(request.methodName())) {
            return loadClasses(request);
        }
        Class<?> contract = contractInterface(request.interfaceName());
        if (contract == null) {
            return Wire.Response.failure(id, "PROTOCOL", request.interfaceName() + " is not a contract interface");
        }
        if (Wire.NEW_INSTANCE.equals(request.methodName())) {
            return create(id, contract, request.args());
        }
        Object target = instances.get(request.handle());
        if (target == null || instanceContracts.get(request.handle()) != contract) {
            return Wire.Response.failure(id, "PROTOCOL", "no instance " + request.handle() + " of " + contract.getName());
        }
        Method method = method(contract, request.methodName(), request.parameterTypes());
        if (method == null) {
            return Wire.Response.failure(id, "PROTOCOL", contract.getName() + " has no method " + request.methodName()
                    + request.parameterTypes());
        }
        Class<?>[] types = method.getParameterTypes();
        Object[] args = request.args().toArray();
        for (int i = 0; i < types.length; i++) {
            if (!Wire.fits(types[i], args[i])) {
                return Wire.Response.failure(id, "PROTOCOL", "argument " + i + " of " + method.getName()
                        + " does not fit " + types[i].getName());
            }
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            return thrown(id, e.getCause());
        } catch (Throwable e) {
            return Wire.Response.failure(id, "PROTOCOL", "cannot call " + method.getName() + ": " + describe(e));
        }
        return Wire.Response.value(id, result);
    }

    /** The first request, and only the first, brings the learner's classes (none of them runs yet). */
    private Wire.Response loadClasses(Wire.Request request) {
        long id = request.id();
        if (learnerClasses != null || !Wire.LOAD_CLASSES.equals(request.methodName()) || request.args().size() != 1
                || !(request.args().get(0) instanceof byte[] jar)) {
            return Wire.Response.failure(id, "PROTOCOL", "the learner's classes must come first, once, as one jar");
        }
        try {
            learnerClasses = new LearnerClassLoader(jar, ClassLoader.getSystemClassLoader());
        } catch (IOException e) {
            return Wire.Response.failure(id, "PROTOCOL", "unreadable learner classes: " + describe(e));
        }
        return Wire.Response.value(id, learnerClasses.size());
    }

    private Wire.Response create(long id, Class<?> contract, List<Object> args) {
        if (args.size() != 1 || !(args.get(0) instanceof String className)) {
            return Wire.Response.failure(id, "PROTOCOL", "new instance needs one class name");
        }
        Class<?> c;
        try {
            c = Class.forName(className, false, learnerClasses);
        } catch (ClassNotFoundException e) {
            return missing(id, "class " + className + " was not found: is it in package "
                    + packageOf(className) + " and named exactly " + simpleName(className) + "?");
        } catch (LinkageError e) {
            return missing(id, "class " + className + " could not be loaded: " + describe(e));
        } catch (Throwable e) {
            return missing(id, "class " + className + " could not be loaded: " + describe(e));
        }
        if (!contract.isAssignableFrom(c)) {
            return missing(id, "class " + className + " does not implement " + contract.getName());
        }
        if (!Modifier.isPublic(c.getModifiers())) {
            return missing(id, "class " + className + " is not public");
        }
        if (c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
            return missing(id, "class " + className + " is abstract: the grader needs a class it can create");
        }
        if (c.getEnclosingClass() != null && !Modifier.isStatic(c.getModifiers())) {
            return missing(id, "class " + className + " is an inner class: make it a top-level class");
        }
        Constructor<?> ctor;
        try {
            ctor = c.getConstructor();
        } catch (NoSuchMethodException e) {
            return missing(id, "class " + className + " has no public constructor without parameters");
        } catch (Throwable e) {
            return missing(id, "class " + className + " could not be inspected: " + describe(e));
        }
        Object instance;
        try {
            instance = ctor.newInstance();
        } catch (InvocationTargetException e) {
            return Wire.Response.failure(id, "EXCEPTION", "new " + simpleName(className) + "() threw "
                    + describeWithCauses(e.getCause()));
        } catch (ExceptionInInitializerError e) {
            return Wire.Response.failure(id, "EXCEPTION", "the static initializer of " + simpleName(className)
                    + " threw " + describeWithCauses(e.getCause() == null ? e : e.getCause()));
        } catch (Throwable e) {
            return Wire.Response.failure(id, "EXCEPTION", "new " + simpleName(className) + "() failed: "
                    + describe(e));
        }
        int handle = nextHandle++;
        instances.put(handle, instance);
        instanceContracts.put(handle, contract);
        return Wire.Response.value(id, handle);
    }

    private static Wire.Response missing(long id, String message) {
        return Wire.Response.failure(id, "MISSING_CLASS", message);
    }

    private static Wire.Response thrown(long id, Throwable t) {
        if (t == null) {
            return Wire.Response.exception(id, "java.lang.Throwable", null, List.of());
        }
        List<String> supers = new ArrayList<>();
        for (Class<?> s = t.getClass().getSuperclass(); s != null && s != Object.class; s = s.getSuperclass()) {
            supers.add(s.getName());
        }
        return Wire.Response.exception(id, t.getClass().getName(), messageWithCauses(t), supers);
    }

    /**
     * The exception's message followed by its causes ("caused by …"), so that a wrapper (an
     * InvocationTargetException, an ExceptionInInitializerError, {@code new RuntimeException(e)}) does not hide what
     * went wrong. A cause the message already names, as {@code new RuntimeException(cause)} makes it, is not
     * repeated. Learner code may override {@code getMessage}, {@code getCause} and {@code toString}: each is read
     * defensively.
     */
    static String messageWithCauses(Throwable t) {
        StringBuilder out = new StringBuilder();
        String shown = safeMessage(t);
        if (shown != null) {
            out.append(shown);
        }
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        seen.add(t);
        Throwable cause = safeCause(t);
        for (int i = 0; cause != null && i < MAX_CAUSES && seen.add(cause); i++) {
            if (shown == null || !shown.equals(safeToString(cause))) {
                shown = describe(cause);
                out.append(out.isEmpty() ? "caused by " : "; caused by ").append(shown);
            }
            cause = safeCause(cause);
        }
        return out.isEmpty() ? null : Wire.cut(out.toString());
    }

    private static Throwable safeCause(Throwable t) {
        try {
            return t.getCause();
        } catch (Throwable e) {
            return null;
        }
    }

    private static String safeToString(Throwable t) {
        try {
            return t.toString();
        } catch (Throwable e) {
            return null;
        }
    }

    private static String safeMessage(Throwable t) {
        try {
            return Wire.cut(t.getMessage());
        } catch (Throwable e) {
            return "(getMessage() threw " + e.getClass().getName() + ")";
        }
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "an unknown error";
        }
        String m = safeMessage(t);
        return m == null ? t.getClass().getName() : t.getClass().getName() + ": " + m;
    }

    /** {@link #describe} with the causes of {@code t}. */
    private static String describeWithCauses(Throwable t) {
        if (t == null) {
            return "an unknown error";
        }
        String m = messageWithCauses(t);
        return m == null ? t.getClass().getName() : t.getClass().getName() + ": " + m;
    }

    private static Class<?> contractInterface(String name) {
        Class<?> c = Wire.contractClass(name);
        return c != null && c.isInterface() && Modifier.isPublic(c.getModifiers()) ? c : null;
    }

    private Method method(Class<?> contract, String name, List<String> parameterTypes) {
        String key = contract.getName() + '#' + name + parameterTypes;
        Method cached = methods.get(key);
        if (cached != null) {
            return cached;
        }
        for (Method m : contract.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || !m.getName().equals(name)
                    || m.getParameterCount() != parameterTypes.size()) {
                continue;
            }
            Class<?>[] types = m.getParameterTypes();
            boolean same = true;
            for (int i = 0; i < types.length && same; i++) {
                same = types[i].getName().equals(parameterTypes.get(i));
            }
            if (same) {
                methods.put(key, m);
                return m;
            }
        }
        return null;
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "(the default package)" : className.substring(0, dot);
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /**
     * Forwards at most {@code cap + 1} bytes (so the grader can tell the output was cut), then swallows the rest.
     * Closing it does nothing: learner code must not be able to close the descriptor under us.
     */
    static final class CappedOutput extends OutputStream {
        private final OutputStream target;
        private final long limit;
        private long left;

        CappedOutput(OutputStream target, int cap) {
            this.target = target;
            this.limit = (long) cap + 1;
            this.left = limit;
        }

        /** Bytes forwarded so far. */
        synchronized long written() {
            return limit - left;
        }

        @Override
        public synchronized void write(int b) {
            if (left > 0) {
                left--;
                try {
                    target.write(b);
                } catch (IOException e) {
                    left = 0;
                }
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            int n = (int) Math.min(len, left);
            if (n > 0) {
                left -= n;
                try {
                    target.write(b, off, n);
                } catch (IOException e) {
                    left = 0;
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
