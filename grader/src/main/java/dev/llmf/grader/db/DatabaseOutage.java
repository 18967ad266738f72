package dev.llmf.grader.db;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Tells a failure because the database cannot be reached (refused connection, server shutting down or starting
 * up, a connection cut mid-call) from every other database error: the first is worth a 503 and a retry, the
 * second is a bug worth a stack trace.
 */
public final class DatabaseOutage {

    private DatabaseOutage() {
    }

    /** What about {@code failure} says the database is unreachable, if anything does (searched through its causes). */
    public static Optional<String> in(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof SQLException sql && isConnectionState(sql.getSQLState())) {
                return Optional.of(firstLine(sql.getMessage()) + " (SQL state " + sql.getSQLState() + ")");
            }
            if (t instanceof ConnectException) {
                return Optional.of(firstLine(t.getMessage()));
            }
        }
        return Optional.empty();
    }

    public static boolean isCause(Throwable failure) {
        return in(failure).isPresent();
    }

    // 08: connection exception; 57P01-57P03: the server is shutting down, crashed, or is starting up.
    private static boolean isConnectionState(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no message";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
