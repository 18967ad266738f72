package dev.llmf.grader.sandbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Runs in the child: the learner's compiled classes, defined from the jar the grader sends as the first request
 * ({@link Wire#LOAD_CLASSES}), so that a child can be started before the submission is compiled. Its parent holds
 * the JDK, the contract and the harness; a learner's class of the same name as one of those is never used (the
 * parent answers first, as on a class path). The jar's files are its resources too ({@code learner:/…} URLs), as
 * they were on the class path.
 */
final class LearnerClassLoader extends ClassLoader {

    /** Path in the jar → content; not changed after construction. */
    private final Map<String, byte[]> files = new HashMap<>();

    LearnerClassLoader(byte[] jar, ClassLoader parent) throws IOException {
        super("learner", parent);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (!entry.isDirectory()) {
                    files.put(entry.getName(), in.readAllBytes());
                }
            }
        }
    }

    /** How many files the jar held. */
    int size() {
        return files.size();
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = files.get(name.replace('.', '/') + ".class");   // loadClass asks once per name, holding a lock
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    @Override
    protected URL findResource(String name) {
        byte[] bytes = files.get(name);
        if (bytes == null) {
            return null;
        }
        try {
            return URL.of(new URI("learner", null, "/" + name, null), new URLStreamHandler() {
                @Override
                protected URLConnection openConnection(URL url) {
                    return new URLConnection(url) {
                        @Override
                        public void connect() {
                        }

                        @Override
                        public InputStream getInputStream() {
                            return new ByteArrayInputStream(bytes);
                        }
                    };
                }
            });
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(url));
    }
}
