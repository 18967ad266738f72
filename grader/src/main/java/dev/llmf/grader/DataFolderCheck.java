package dev.llmf.grader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One grader process per data folder. {@link #take} is how the grader and its one-off commands ({@code seed-demo},
 * {@code restore}, a {@code backup} that starts the database itself) claim the folder; {@link #main} is the
 * launcher's look before it starts the real JVM ({@code java -cp <grader jar> dev.llmf.grader.DataFolderCheck
 * <command>}), so a refused start prints its one line without the JVM's start-up notices around it.
 */
public final class DataFolderCheck {

    private DataFolderCheck() {
    }

    /** Exits 1 with one line if another process owns the data folder that {@code command} would use. */
    public static void main(String... args) throws IOException {
        String command = args.length == 0 ? "start" : args[0];
        if (!needsFolder(command)) {
            return;
        }
        Path dataDir = LaunchSettings.dataDir();
        Optional<InstanceLock.Owner> owner = InstanceLock.ownerOtherThanUs(dataDir);
        if (owner.isPresent()) {
            refuse(command, owner.get(), dataDir);
        }
    }

    /** Takes the data folder for this JVM, or prints one line naming its owner and exits 1. */
    static void take(String command, Path dataDir) throws IOException {
        if (!needsFolder(command)) {
            return;
        }
        Optional<Integer> httpPort = command.equals("start") ? Optional.of(LaunchSettings.httpPort()) : Optional.empty();
        try {
            InstanceLock.acquire(dataDir, command, httpPort);
        } catch (InstanceLock.Taken e) {
            refuse(command, e.owner(), dataDir);
        }
    }

    // The server always (the folder holds its demo accounts); a one-off command on an external database leaves it alone.
    private static boolean needsFolder(String command) {
        return command.equals("start") || !LaunchSettings.externalDatabase();
    }

    private static void refuse(String command, InstanceLock.Owner owner, Path dataDir) {
        boolean server = command.equals("start");
        System.err.println((server ? "llmf-grader" : command) + ": " + owner.describe() + " is running on the data"
                + " folder " + dataDir + "; stop it first, or give " + (server ? "this one" : command)
                + " another data folder (LLMF_DATA_DIR)");
        System.exit(1);
    }
}
