package dev.hearth.backend.support;

import jakarta.persistence.OptimisticLockException;
import java.util.function.Supplier;
import org.hibernate.StaleStateException;

/**
 * Re-runs a unit of work that lost an optimistic-locking race (docs/architecture.md, "The backend": cluster rows are
 * versioned). The work must open its own transaction, so each attempt reads the row afresh.
 */
public final class Retry {

    private static final int ATTEMPTS = 5;

    private Retry() {
    }

    public static <T> T onStaleVersion(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !isStaleVersion(e)) {
                    throw e;
                }
            }
        }
    }

    /** Whether {@code e} (or a cause) says a versioned row changed under us. */
    public static boolean isStaleVersion(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OptimisticLockException || t instanceof StaleStateException) {
                return true;
            }
        }
        return false;
    }
}
