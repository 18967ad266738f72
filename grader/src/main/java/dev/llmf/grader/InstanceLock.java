package dev.llmf.grader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who owns a data folder: the file {@code instance.lock} in it holds the owner's PID, HTTP port and command, and
 * the owner holds an OS file lock on it for as long as its JVM lives. The OS drops the lock when the process ends,
 * however it ends ({@code kill -9} included), so a lock that can be taken means no grader owns the folder any more,
 * and whatever it left running there (its PostgreSQL) may be stopped.
 */
public final class InstanceLock {

    static final String FILE = "instance.lock";
    private static final Pattern PID = Pattern.compile("pid=(\\d+)");
    private static final Pattern PORT = Pattern.compile("port=(\\d+)");
    private static final Pattern COMMAND = Pattern.compile("command=(\\S+)");

    /**
     * The locks this JVM holds, by file; kept reachable so each lives as long as the JVM. The owner never opens its
     * own lock file a second time: closing any descriptor of a file drops the process's POSIX locks on it.
     */
    private static final Map<Path, InstanceLock> HELD = new ConcurrentHashMap<>();
    private static volatile InstanceLock latest;

    private final Path file;
    private final FileChannel channel;
    private final String command;
    private volatile Owner owner;

    /** Who holds a folder, as its lock file says: any part may be unknown while the owner is still writing it. */
    public record Owner(Optional<Long> pid, Optional<Integer> httpPort, String command) {

        /** E.g. "a grader (PID 4242, HTTP port 8080)" or "seed-demo (PID 4242)". */
        public String describe() {
            String who = command.equals("start") ? "a grader" : command;
            String pidText = pid.map(p -> "PID " + p).orElse("PID unknown");
            return who + " (" + pidText + httpPort.map(p -> ", HTTP port " + p).orElse("") + ")";
        }
    }

    /** Another process holds the folder. */
    public static final class Taken extends Exception {
        private final transient Owner owner;

        Taken(Owner owner) {
            super(owner.describe());
            this.owner = owner;
        }

        public Owner owner() {
            return owner;
        }
    }

    private InstanceLock(Path file, FileChannel channel, String command) {
        this.file = file;
        this.channel = channel;
        this.command = command;
    }

    /**
     * Takes the folder for this JVM, for {@code command} ({@code start}, {@code seed-demo}) listening on
     * {@code httpPort} (absent when it serves no HTTP), and keeps it until the JVM exits.
     *
     * @throws Taken if another live process holds it
     */
    public static InstanceLock acquire(Path dataDir, String command, Optional<Integer> httpPort) throws IOException, Taken {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE).toAbsolutePath().normalize();
        InstanceLock mine = HELD.get(file);
        if (mine != null) {
            throw new Taken(mine.owner);
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            channel.close();
            throw e instanceof IOException io ? io : new IOException(e);
        }
        if (lock == null) {
            channel.close();
            throw new Taken(readOwner(file));
        }
        InstanceLock taken = new InstanceLock(file, channel, command);
        taken.record(httpPort);
        HELD.put(file, taken);
        latest = taken;
        return taken;
    }

    /**
     * Who holds the folder, if another process does; takes nothing (a free lock is let go at once). For a look
     * before starting: the answer may change the moment after.
     */
    public static Optional<Owner> ownerOtherThanUs(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE).toAbsolutePath().normalize();
        if (!Files.exists(file) || HELD.containsKey(file)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                lock.release();
                return Optional.empty();
            }
        }
        return Optional.of(readOwner(file));
    }

    /** The lock this JVM took last, if any (the grader takes one, for its data folder). */
    public static Optional<InstanceLock> held() {
        return Optional.ofNullable(latest);
    }

    /** Rewrites the file, e.g. with the port the HTTP server really listens on. */
    public synchronized void record(Optional<Integer> httpPort) throws IOException {
        owner = new Owner(Optional.of(ProcessHandle.current().pid()), httpPort, command);
        String text = "pid=" + ProcessHandle.current().pid() + httpPort.map(p -> " port=" + p).orElse("")
                + " command=" + command + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(false);
    }

    /** Lets the folder go before the JVM ends (for tests; the grader keeps it to the end). */
    void release() throws IOException {
        HELD.remove(file);
        if (latest == this) {
            latest = null;
        }
        channel.close();
    }

    public Path file() {
        return file;
    }

    static Owner readOwner(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            text = "";
        }
        Matcher command = COMMAND.matcher(text);
        return new Owner(find(PID, text).map(Long::parseLong), find(PORT, text).map(Integer::parseInt),
                command.find() ? command.group(1) : "start");
    }

    private static Optional<String> find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
