package dev.llmf.grader.ops;

import dev.llmf.grader.db.DatabaseOutage;
import io.quarkus.logging.LoggingFilter;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Keeps a database outage from filling the log with stack traces: a record whose exception only says the database
 * could not be reached (a statement or rollback cut off when PostgreSQL died) keeps its one line and loses its
 * trace. The outage itself is logged once, by {@link dev.llmf.grader.db.DatabaseState}.
 */
@LoggingFilter(name = "database-outage")
public final class OutageLogFilter implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        Throwable thrown = record.getThrown();
        if (thrown != null && DatabaseOutage.isCause(thrown)) {
            record.setThrown(null);
        }
        return true;
    }
}
