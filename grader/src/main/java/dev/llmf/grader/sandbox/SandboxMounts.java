package dev.llmf.grader.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The host files the sandbox mounts, read-only, and where: the JDK at {@link #JDK}, {@code env} (which starts the
 * JVM with a truly empty environment) at {@link #ENV}, and the shared libraries those two link against, each at the
 * path the dynamic loader looks for it (e.g. {@code /lib/x86_64-linux-gnu/libc.so.6}, {@code /lib64/ld-linux-x86-64.so.2}).
 * Nothing else of the host: no {@code /usr}, no {@code /bin/sh}, no {@code /etc}. The libraries are what {@code ldd}
 * reports for {@code java}, {@code libjvm.so}, the JDK's other native libraries (except the desktop ones: AWT,
 * fonts, images, sound) and {@code env}. Where the JDK links to files outside its folder (Debian's packages link
 * {@code conf/} to {@code /etc/java-*}), those files are mounted where the links point inside the sandbox.
 */
final class SandboxMounts {

    static final String JDK = "/sandbox/jdk";
    static final String ENV = "/sandbox/bin/env";

    /** One read-only bind: {@code host} (a real path) appears at {@code inside}. */
    record Bind(Path host, String inside) {
    }

    private static final Pattern LIBRARY = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x[0-9a-f]+\\)");
    private static final Pattern DESKTOP = Pattern.compile(
            "lib(awt.*|fontmanager|freetype|javajpeg|jawt|jsound|lcms|mlib_image|splashscreen)\\.so");

    private SandboxMounts() {
    }

    /**
     * The binds for the JDK at {@code javaHome} (a real path) and the {@code env} program.
     *
     * @throws IOException if the JDK or {@code env} cannot be read, or {@code ldd} fails (the message says which)
     */
    static List<Bind> forJdk(Path javaHome, Path env) throws IOException {
        List<Bind> binds = new ArrayList<>();
        binds.add(new Bind(javaHome, JDK));
        binds.addAll(linksOutOf(javaHome));
        binds.add(new Bind(env.toRealPath(), ENV));
        List<Path> binaries = new ArrayList<>(List.of(javaHome.resolve("bin/java"), javaHome.resolve("lib/jspawnhelper"),
                javaHome.resolve("lib/server/libjvm.so"), env));
        try (Stream<Path> libs = Files.list(javaHome.resolve("lib"))) {
            libs.filter(p -> p.getFileName().toString().endsWith(".so"))
                    .filter(p -> !DESKTOP.matcher(p.getFileName().toString()).matches())
                    .sorted().forEach(binaries::add);
        }
        binaries.removeIf(p -> !Files.exists(p));
        for (Map.Entry<String, Path> lib : sharedLibraries(binaries).entrySet()) {
            if (!lib.getValue().startsWith(javaHome)) {
                binds.add(new Bind(lib.getValue(), lib.getKey()));
            }
        }
        return binds;
    }

    /** {@code env}: the first of {@code /usr/bin/env}, {@code /bin/env}. */
    static Path findEnv() throws IOException {
        for (String candidate : List.of("/usr/bin/env", "/bin/env")) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IOException("no env program in /usr/bin or /bin (coreutils)");
    }

    /**
     * The shared libraries {@code binaries} load, as {@code ldd} resolves them: the path the loader asks for
     * (inside the sandbox they must be found there) → the real file on the host.
     */
    static Map<String, Path> sharedLibraries(List<Path> binaries) throws IOException {
        List<String> command = new ArrayList<>(List.of("ldd"));
        binaries.forEach(b -> command.add(b.toString()));
        Process ldd;
        try {
            ldd = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run ldd to list the JDK's shared libraries: " + e.getMessage(), e);
        }
        String out = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!ldd.waitFor(30, TimeUnit.SECONDS) || ldd.exitValue() != 0) {
                ldd.destroyForcibly();
                throw new IOException("ldd failed on the JDK's binaries: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running ldd", e);
        }
        Map<String, Path> libraries = new LinkedHashMap<>();
        for (String line : out.lines().toList()) {
            Matcher m = LIBRARY.matcher(line);
            if (m.find()) {
                String asked = Path.of(m.group(1)).normalize().toString();
                libraries.putIfAbsent(asked, Path.of(asked).toRealPath());
            }
        }
        if (libraries.isEmpty()) {
            throw new IOException("ldd listed no shared libraries for the JDK: " + out.strip());
        }
        return libraries;
    }

    /**
     * The JDK's symbolic links that lead out of its folder: their real targets, mounted where the links point once
     * the JDK is at {@link #JDK}. Dangling links are left dangling.
     */
    static List<Bind> linksOutOf(Path javaHome) throws IOException {
        List<Bind> binds = new ArrayList<>();
        try (Stream<Path> all = Files.walk(javaHome)) {
            for (Path link : all.filter(Files::isSymbolicLink).sorted().toList()) {
                Path target = Files.readSymbolicLink(link);
                if (link.getParent().resolve(target).normalize().startsWith(javaHome) || !Files.exists(link)) {
                    continue;
                }
                Path inside = Path.of(JDK).resolve(javaHome.relativize(link.getParent())).resolve(target).normalize();
                binds.add(new Bind(link.toRealPath(), inside.toString()));
            }
        }
        return binds;
    }
}
