package dev.llmf.grader.db;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real embedded PostgreSQL killed with SIGKILL comes back by itself, with what was committed before. */
class PostgresSupervisorTest {

    @Test
    @DisplayName("kill -9 of PostgreSQL: marked down, restarted, marked up, committed rows kept")
    void restartsAfterKill(@TempDir Path folder) throws Exception {
        // open to other users: as root, PostgreSQL runs as nobody and must reach its folder
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        DatabaseState state = new DatabaseState();
        try (LocalPostgres db = LocalPostgres.start(folder.resolve("postgres"), freePort());
             PostgresSupervisor supervisor = PostgresSupervisor.watch(db, state, Duration.ofMillis(200))) {
            try (Connection c = connect(db)) {
                c.createStatement().execute("CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)");
            }
            long pid = Long.parseLong(Files.readAllLines(folder.resolve("postgres/cluster/postmaster.pid")).getFirst().trim());
            assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly());

            Instant deadline = Instant.now().plusSeconds(30);
            while (state.isUp() && Instant.now().isBefore(deadline)) {
                Thread.sleep(10);
            }
            assertTrue(state.reason().orElse("").contains("exited"), "marked down: " + state.reason());
            assertTrue(state.awaitUp(Duration.ofSeconds(60)), "back up");
            try (Connection c = connect(db); ResultSet rs = c.createStatement().executeQuery("SELECT n FROM kept")) {
                assertTrue(rs.next());
                assertEquals(42, rs.getInt(1));
            }
        }
    }

    @Test
    @DisplayName("the wait between tries doubles, up to 15 s")
    void backOff() {
        assertEquals(Duration.ofSeconds(2), PostgresSupervisor.next(Duration.ofSeconds(1)));
        assertEquals(Duration.ofSeconds(15), PostgresSupervisor.next(Duration.ofSeconds(10)));
        assertEquals(Duration.ofMillis(500), PostgresSupervisor.next(Duration.ZERO));
    }

    private static Connection connect(LocalPostgres db) throws Exception {
        return DriverManager.getConnection(db.jdbcUrl(), LocalPostgres.USER, db.password());
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
