package dev.llmf.grader.sandbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Runs in the child: the learner's compiled classes, defined from the jar the grader sends as the first request
 * ({@link Wire#LOAD_CLASSES}), so that a child can be started before the submission is compiled. Its parent holds
 * the JDK, the contract and the harness; a learner's class of the same name as one of those is never used (the
 * parent answers first, as on a class path).
 */
final class LearnerClassLoader extends ClassLoader {

    /** Binary name → class file; not changed after construction. */
    private final Map<String, byte[]> classes = new HashMap<>();

    LearnerClassLoader(byte[] jar, ClassLoader parent) throws IOException {
        super("learner", parent);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                String name = entry.getName();
                if (!entry.isDirectory() && name.endsWith(".class")) {
                    classes.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'),
                            in.readAllBytes());
                }
            }
        }
    }

    /** How many classes it holds. */
    int size() {
        return classes.size();
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);   // loadClass asks only for a class not defined yet, holding a lock
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }
}
