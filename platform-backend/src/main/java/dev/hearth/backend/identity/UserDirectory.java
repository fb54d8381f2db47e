package dev.hearth.backend.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Keeps app_user in step with what the identity provider says about a person. */
@ApplicationScoped
public class UserDirectory {

    private final EntityManager em;
    private final Clock clock;

    public UserDirectory(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** How long a person's row may lag behind their token before we write it again. */
    private static final Duration REFRESH_AFTER = Duration.ofMinutes(5);

    /**
     * The user's id, creating or refreshing the row when the identity provider's view differs from
     * ours. Reads are the common case, so an unchanged, recently seen user costs one SELECT.
     */
    @Transactional
    public UUID ensure(String subject, String username, String email, String displayName, Set<String> roles) {
        Optional<AppUser> known = AppUser.findBySubject(subject);
        if (known.isPresent() && unchanged(known.get(), username, email, displayName, roles)) {
            return known.get().id;
        }
        return upsert(subject, username, email, displayName, roles);
    }

    private boolean unchanged(AppUser user, String username, String email, String displayName, Set<String> roles) {
        return Objects.equals(user.username, username) && Objects.equals(user.email, email)
                && Objects.equals(user.displayName, displayName) && Set.of(user.roles).equals(roles)
                && user.lastSeenAt.isAfter(clock.instant().minus(REFRESH_AFTER));
    }

    /**
     * Creates the user on first sight, refreshes name, email and roles otherwise. A single upsert so
     * two first requests racing each other cannot both insert.
     */
    @Transactional
    public UUID upsert(String subject, String username, String email, String displayName, Set<String> roles) {
        Instant now = clock.instant();
        Object id = em.createNativeQuery("""
                INSERT INTO app_user (id, subject, username, email, display_name, roles, created_at, last_seen_at)
                VALUES (:id, :subject, :username, :email, :displayName, CAST(:roles AS text[]), :now, :now)
                ON CONFLICT (subject) DO UPDATE SET username = EXCLUDED.username, email = EXCLUDED.email,
                    display_name = EXCLUDED.display_name, roles = EXCLUDED.roles, last_seen_at = EXCLUDED.last_seen_at
                RETURNING id
                """)
                .setParameter("id", UUID.randomUUID())
                .setParameter("subject", subject)
                .setParameter("username", username)
                .setParameter("email", email)
                .setParameter("displayName", displayName)
                .setParameter("roles", toArrayLiteral(roles))
                .setParameter("now", now)
                .getSingleResult();
        return (UUID) id;
    }

    private static String toArrayLiteral(Set<String> roles) {
        // Role names come from the realm (letters, dashes); quote each anyway so a comma cannot split one.
        return "{" + String.join(",", roles.stream().sorted()
                .map(r -> "\"" + r.replace("\\", "\\\\").replace("\"", "\\\"") + "\"").toList()) + "}";
    }
}
