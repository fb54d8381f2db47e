package dev.hearth.backend.demo;

import dev.hearth.protocol.BuildLanguage;
import java.time.Instant;
import java.util.UUID;

/** Reads a participant's progress row, creating it on first sight (Rust, nothing saved yet). */
final class DemoProgressStore {

    private DemoProgressStore() {
    }

    /** In the caller's transaction; two first requests at once both end up with the one row. */
    static DemoProgress ensure(UUID userId, Instant now) {
        DemoProgress known = DemoProgress.findById(userId);
        if (known != null) {
            return known;
        }
        DemoProgress.getEntityManager().createNativeQuery("""
                        INSERT INTO demo_progress (user_id, language, started_at, updated_at, version)
                        VALUES (:u, :l, :now, :now, 0) ON CONFLICT (user_id) DO NOTHING""")
                .setParameter("u", userId).setParameter("l", BuildLanguage.RUST.name()).setParameter("now", now)
                .executeUpdate();
        return DemoProgress.findById(userId);
    }
}
