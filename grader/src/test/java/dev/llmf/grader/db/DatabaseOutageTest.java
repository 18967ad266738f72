package dev.llmf.grader.db;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures mean "the database cannot be reached" (503, wait and retry) and which are bugs (500, logged). */
class DatabaseOutageTest {

    @Test
    @DisplayName("a refused or cut connection, and a server shutting down or starting up, are outages, however wrapped")
    void outages() {
        assertTrue(DatabaseOutage.isCause(new RuntimeException(new IllegalStateException(
                new SQLException("Connection to 127.0.0.1:5432 refused.", "08001")))));
        assertTrue(DatabaseOutage.isCause(new SQLException("An I/O error occurred while sending to the backend.", "08006")));
        assertTrue(DatabaseOutage.isCause(new SQLException("terminating connection due to administrator command", "57P01")));
        assertTrue(DatabaseOutage.isCause(new SQLException("the database system is starting up", "57P03")));
        assertTrue(DatabaseOutage.isCause(new RuntimeException(new ConnectException("Connection refused"))));
        assertEquals("Connection refused (SQL state 08001)",
                DatabaseOutage.in(new SQLException("Connection refused\n  at line 2", "08001")).orElseThrow());
    }

    @Test
    @DisplayName("other database errors are not outages")
    void notOutages() {
        assertFalse(DatabaseOutage.isCause(new SQLException("duplicate key value", "23505")));
        assertFalse(DatabaseOutage.isCause(new SQLException("no state")));
        assertFalse(DatabaseOutage.isCause(new IllegalStateException("boom")));
    }
}
