package dev.hearth.backend.testing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Direct database access for test set-up and for checking what the API wrote. */
@ApplicationScoped
public class Fixtures {

    private final EntityManager em;

    public Fixtures(EntityManager em) {
        this.em = em;
    }

    /** Removes a user's clusters and tokens, so a test starts from "has nothing". */
    @Transactional
    public void forget(String... usernames) {
        List<String> names = List.of(usernames);
        em.createNativeQuery("DELETE FROM cluster WHERE owner_id IN (SELECT id FROM app_user WHERE username IN (:u))")
                .setParameter("u", names).executeUpdate();
        em.createNativeQuery("DELETE FROM api_token WHERE user_id IN (SELECT id FROM app_user WHERE username IN (:u))")
                .setParameter("u", names).executeUpdate();
    }

    /**
     * Marks every open terminal session closed, as if their sockets had closed: sockets of an earlier test
     * close asynchronously, and the terminal limits count open rows (V9 terminal_session).
     */
    @Transactional
    public void closeOpenTerminals() {
        em.createNativeQuery("UPDATE terminal_session SET closed_at = now() WHERE closed_at IS NULL").executeUpdate();
    }

    @Transactional
    public void setClusterExpiry(String clusterId, Instant expiresAt) {
        em.createNativeQuery("UPDATE cluster SET expires_at = :t WHERE id = :id")
                .setParameter("t", expiresAt).setParameter("id", clusterId).executeUpdate();
    }

    @Transactional
    public void setTokenExpiry(UUID tokenId, Instant expiresAt) {
        em.createNativeQuery("UPDATE api_token SET expires_at = :t WHERE id = :id")
                .setParameter("t", expiresAt).setParameter("id", tokenId).executeUpdate();
    }

    @Transactional
    public String tokenHash(UUID tokenId) {
        return (String) em.createNativeQuery("SELECT token_hash FROM api_token WHERE id = :id")
                .setParameter("id", tokenId).getSingleResult();
    }

    @Transactional
    public String hostTokenHash(UUID hostId) {
        return (String) em.createNativeQuery("SELECT agent_token_hash FROM host WHERE id = :id")
                .setParameter("id", hostId).getSingleResult();
    }

    /** Audit rows for a target as "action by actor via", oldest first. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<String> audit(String targetType, String targetId) {
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT action, actor_name, via FROM audit_event WHERE target_type = :t AND target_id = :id ORDER BY id")
                .setParameter("t", targetType).setParameter("id", targetId).getResultList();
        return rows.stream().map(r -> r[0] + " by " + r[1] + " via " + r[2]).toList();
    }
}
