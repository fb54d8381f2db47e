package dev.hearth.backend.demo;

import dev.hearth.protocol.BuildLanguage;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Reads a participant's progress row, creating it on first sight with nothing saved yet: in the
 * language of their open classroom's demo track when they have a seat in one, else Rust.
 */
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
                .setParameter("u", userId).setParameter("l", track(userId).name()).setParameter("now", now)
                .executeUpdate();
        return DemoProgress.findById(userId);
    }

    private static BuildLanguage track(UUID userId) {
        List<?> tracks = DemoProgress.getEntityManager().createNativeQuery("""
                        SELECT c.demo_track FROM seat s JOIN classroom c ON c.id = s.classroom_id
                        WHERE s.participant_id = :u AND c.ended_at IS NULL AND c.demo_track IS NOT NULL
                        ORDER BY c.starts_at DESC LIMIT 1""")
                .setParameter("u", userId).getResultList();
        return !tracks.isEmpty() && "c".equals(tracks.getFirst()) ? BuildLanguage.C : BuildLanguage.RUST;
    }
}
