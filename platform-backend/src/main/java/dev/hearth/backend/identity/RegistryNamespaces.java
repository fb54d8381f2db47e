package dev.hearth.backend.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Each person's repository namespace in the per-host registries ({@code hearth-registry:5000/<ns>/…}).
 * The backend alone picks image references (the isolation rule of issue 5), always under the
 * caller's namespace. A namespace is derived from the user name once, kept on the user, and never
 * shared: a second person whose name sanitizes to the same string gets a numbered suffix.
 */
@ApplicationScoped
public class RegistryNamespaces {

    /** OCI distribution spec, path component; we produce a stricter subset ([a-z0-9] runs joined by '-'). */
    static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    static final int MAX_LENGTH = 30;

    private final EntityManager em;

    public RegistryNamespaces(EntityManager em) {
        this.em = em;
    }

    /** The user's namespace, given to them now if they have none yet. */
    @Transactional
    public String of(UUID userId) {
        String known = (String) em.createNativeQuery("SELECT registry_namespace FROM app_user WHERE id = :id")
                .setParameter("id", userId).getSingleResult();
        if (known != null) {
            return known;
        }
        // One assignment at a time across replicas: two new users whose names sanitize alike must not
        // both see the same candidate free.
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('hearth.registry_namespace'))").getSingleResult();
        Object[] row = (Object[]) em.createNativeQuery(
                "SELECT username, registry_namespace FROM app_user WHERE id = :id FOR UPDATE")
                .setParameter("id", userId).getSingleResult();
        if (row[1] != null) {
            return (String) row[1];
        }
        String base = sanitize((String) row[0]);
        String candidate = base;
        for (int n = 2; taken(candidate); n++) {
            String suffix = "-" + n;
            candidate = base.substring(0, Math.min(base.length(), MAX_LENGTH - suffix.length())) + suffix;
        }
        em.createNativeQuery("UPDATE app_user SET registry_namespace = :ns WHERE id = :id")
                .setParameter("ns", candidate).setParameter("id", userId).executeUpdate();
        return candidate;
    }

    private boolean taken(String namespace) {
        return !em.createNativeQuery("SELECT 1 FROM app_user WHERE registry_namespace = :ns")
                .setParameter("ns", namespace).getResultList().isEmpty();
    }

    /**
     * A user name as an OCI path component: lower case, every run of other characters one '-', no
     * leading or trailing '-', at most {@value #MAX_LENGTH} characters; {@code user} if nothing is left.
     */
    static String sanitize(String username) {
        String lower = username == null ? "" : username.toLowerCase(Locale.ROOT);
        String dashed = lower.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (dashed.length() > MAX_LENGTH) {
            dashed = dashed.substring(0, MAX_LENGTH).replaceAll("-+$", "");
        }
        return dashed.isEmpty() ? "user" : dashed;
    }
}
