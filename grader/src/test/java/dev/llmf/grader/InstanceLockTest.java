package dev.llmf.grader;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The data folder's owner: one process at a time, and a refused one learns who holds it. */
class InstanceLockTest {

    @Test
    @DisplayName("the lock file names the owner; a second taker in this JVM is refused with that name")
    void secondTakerIsRefused(@TempDir Path dataDir) throws Exception {
        InstanceLock lock = InstanceLock.acquire(dataDir, "start", Optional.of(8123));
        try {
            long pid = ProcessHandle.current().pid();
            assertEquals("pid=" + pid + " port=8123 command=start\n", Files.readString(dataDir.resolve("instance.lock")));
            InstanceLock.Taken taken = assertThrows(InstanceLock.Taken.class,
                    () -> InstanceLock.acquire(dataDir, "seed-demo", Optional.empty()));
            assertEquals("a grader (PID " + pid + ", HTTP port 8123)", taken.owner().describe());
        } finally {
            lock.release();
        }
    }

    @Test
    @DisplayName("another process is refused in one line naming this one (PID, HTTP port) and exits 1")
    void otherProcessIsRefused(@TempDir Path dataDir) throws Exception {
        InstanceLock lock = InstanceLock.acquire(dataDir, "start", Optional.of(8124));
        Path classes = Path.of(DataFolderCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Process check = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dllmf.data-dir=" + dataDir, "-cp", classes.toString(), DataFolderCheck.class.getName(), "start"))
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());
        assertTrue(check.waitFor(30, TimeUnit.SECONDS));
        lock.release();
        assertEquals(1, check.exitValue(), output);
        assertEquals("llmf-grader: a grader (PID " + ProcessHandle.current().pid() + ", HTTP port 8124) is running on"
                + " the data folder " + dataDir.toAbsolutePath() + "; stop it first, or give this one another data"
                + " folder (LLMF_DATA_DIR)\n", output);
    }

    @Test
    @DisplayName("a folder whose owner is gone can be taken")
    void freeFolderCanBeTaken(@TempDir Path dataDir) throws Exception {
        Files.writeString(dataDir.resolve("instance.lock"), "pid=999999 port=8080 command=start\n");   // left by a kill -9
        assertEquals(Optional.empty(), InstanceLock.ownerOtherThanUs(dataDir));
        InstanceLock lock = InstanceLock.acquire(dataDir, "start", Optional.of(8125));
        assertTrue(Files.readString(dataDir.resolve("instance.lock")).startsWith("pid=" + ProcessHandle.current().pid()));
        lock.release();
    }
}
