package dev.hearth.backend.demo;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Direct database access for the demo tests: clean starts, backdating, and reading what was stored. */
@ApplicationScoped
public class DemoFixtures {

    private final EntityManager em;

    public DemoFixtures(EntityManager em) {
        this.em = em;
    }

    /** Forgets these users' demos and builds, so a test starts from "never opened the demo". */
    @Transactional
    public void forget(String... usernames) {
        List<String> names = List.of(usernames);
        em.createNativeQuery("DELETE FROM demo_progress WHERE user_id IN (SELECT id FROM app_user WHERE username IN (:u))")
                .setParameter("u", names).executeUpdate();
        em.createNativeQuery("DELETE FROM build WHERE owner_id IN (SELECT id FROM app_user WHERE username IN (:u))")
                .setParameter("u", names).executeUpdate();
    }

    @Transactional
    public void backdateBuild(UUID id, Instant createdAt) {
        em.createNativeQuery("UPDATE build SET created_at = :t WHERE id = :id").setParameter("t", createdAt)
                .setParameter("id", id).executeUpdate();
    }

    @Transactional
    public void markDeleted(String clusterId) {
        em.createNativeQuery("UPDATE cluster SET phase = 'DELETED', deleted_at = now() WHERE id = :id")
                .setParameter("id", clusterId).executeUpdate();
    }

    @Transactional
    public String registryNamespace(String username) {
        return (String) em.createNativeQuery("SELECT registry_namespace FROM app_user WHERE username = :u")
                .setParameter("u", username).getSingleResult();
    }

    /** The stored step states, 1..6, as the classroom board reads them. */
    @Transactional
    public List<String> storedStates(String username) {
        return em.createNativeQuery("""
                        SELECT s.state FROM demo_step s JOIN app_user u ON u.id = s.user_id
                        WHERE u.username = :u ORDER BY s.number""", String.class)
                .setParameter("u", username).getResultList();
    }
}
