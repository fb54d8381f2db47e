package dev.hearth.backend.identity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A person as Hearth knows them: created the first time their OIDC identity is seen. */
@Entity
@Table(name = "app_user")
public class AppUser extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The OIDC {@code sub} claim. */
    @Column(nullable = false, unique = true)
    public String subject;

    @Column(nullable = false)
    public String username;

    public String email;

    @Column(name = "display_name")
    public String displayName;

    /** Realm roles as of the last OIDC sign-in, for display; API-token calls ask Keycloak (KeycloakAccounts). */
    @Column(nullable = false, columnDefinition = "text[]")
    public String[] roles;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_seen_at", nullable = false)
    public Instant lastSeenAt;

    public static Optional<AppUser> findBySubject(String subject) {
        return find("subject", subject).firstResultOptional();
    }
}
