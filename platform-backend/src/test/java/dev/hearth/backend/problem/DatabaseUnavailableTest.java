package dev.hearth.backend.problem;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PersistenceException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * What counts as "PostgreSQL is away, retry in a moment" (503 with Retry-After, log chunks kept for a
 * retry) rather than a bug (500): across a restart the backend meets each of these in turn, as
 * docs/operations.md's PostgreSQL drill shows.
 */
class DatabaseUnavailableTest {

    @Test
    void theFailuresOfARestartCountAsUnavailable() {
        // Pooled connections when the server shuts down, new ones while it starts, then refused ones.
        assertThat(DatabaseUnavailable.causedBy(wrapped(new SQLException("terminating connection due to administrator command",
                "57P01")))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(wrapped(new SQLException("the database system is starting up", "57P03"))))
                .isTrue();
        assertThat(DatabaseUnavailable.causedBy(wrapped(new SQLException("An I/O error occurred while sending to the backend.",
                "08006")))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(wrapped(new ConnectException("Connection refused")))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(wrapped(new SQLException("Acquisition timeout while waiting for new connection"))))
                .isTrue();
    }

    @Test
    void refusalsOfTheStatementItselfAreNot() {
        assertThat(DatabaseUnavailable.causedBy(wrapped(new SQLException("duplicate key value", "23505")))).isFalse();
        assertThat(DatabaseUnavailable.causedBy(wrapped(new SQLException("invalid byte sequence", "22021")))).isFalse();
        assertThat(DatabaseUnavailable.causedBy(new IllegalStateException("no database involved"))).isFalse();
    }

    private static RuntimeException wrapped(Exception cause) {
        return new PersistenceException("could not execute statement", cause);
    }
}
