package dev.hearth.backend.problem;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * A failure because PostgreSQL cannot be reached (down, restarting, refusing connections, or the pool
 * timed out waiting for one): the caller should retry in a moment, so it is a 503 with Retry-After,
 * not a 500 (docs/operations.md, "Outages and recovery").
 */
public final class DatabaseUnavailable {

    /** Seconds a client is told to wait: a PostgreSQL restart takes about this long. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private DatabaseUnavailable() {
    }

    public static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof SQLTransientConnectionException
                    || t.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) {
                return true;
            }
            // 08: connection exceptions; 57P01-57P03: the server shutting down, crashed, or still starting
            // (what a pooled connection and the first new ones get across a restart).
            if (t instanceof SQLException sql && ((sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P")))
                    || String.valueOf(sql.getMessage()).contains("Acquisition timeout"))) {
                return true;
            }
        }
        return false;
    }
}
