package dev.hearth.backend.testing;

import io.restassured.response.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Hosts for the channel tests, enrolled through the real API, and direct reads of what the hub wrote. */
@ApplicationScoped
public class HostFixtures {

    /** Every host these tests enrol is named with this prefix, so clean-up can find them all. */
    public static final String PREFIX = "chan-";

    /** An enrolled host and the agent token it was given. */
    public record EnrolledHost(UUID id, String name, String token) {
        public String bearer() {
            return "Bearer " + token;
        }
    }

    private final EntityManager em;

    public HostFixtures(EntityManager em) {
        this.em = em;
    }

    public EnrolledHost enrol(String suffix) {
        String name = PREFIX + suffix + "-" + UUID.randomUUID().toString().substring(0, 6);
        Response response = Api.as("admin").body(Map.of("name", name)).post("/api/v1/hosts");
        response.then().statusCode(201);
        return new EnrolledHost(UUID.fromString(response.path("id")), name, response.path("agentToken"));
    }

    /** Removes the test hosts and every cluster ever placed on them, so no ONLINE host outlives a test. */
    @Transactional
    public void removeTestHosts() {
        em.createNativeQuery("DELETE FROM cluster WHERE host_id IN (SELECT id FROM host WHERE name LIKE :p)")
                .setParameter("p", PREFIX + "%").executeUpdate();
        em.createNativeQuery("DELETE FROM host WHERE name LIKE :p").setParameter("p", PREFIX + "%").executeUpdate();
    }

    /** Every cluster, of anyone: the queue must hold only what a test put in it. */
    @Transactional
    public void removeAllClusters() {
        em.createNativeQuery("DELETE FROM cluster").executeUpdate();
    }

    /** The registry namespace the backend gave {@code username} (it has one once a desired set named their cluster). */
    @Transactional
    public String registryNamespace(String username) {
        return (String) em.createNativeQuery("SELECT registry_namespace FROM app_user WHERE username = :u")
                .setParameter("u", username).getSingleResult();
    }

    @Transactional
    public String hostStatus(UUID hostId) {
        return (String) em.createNativeQuery("SELECT status FROM host WHERE id = :id").setParameter("id", hostId)
                .getSingleResult();
    }

    @Transactional
    public Object[] hostRow(UUID hostId) {
        return (Object[]) em.createNativeQuery("""
                SELECT memory_mib, max_clusters, agent_version, usage_clusters, usage_memory_mib, last_heartbeat_at
                FROM host WHERE id = :id""").setParameter("id", hostId).getSingleResult();
    }

    /** As if the host's last heartbeat had been {@code secondsAgo} seconds ago. */
    @Transactional
    public void backdateHeartbeat(UUID hostId, long secondsAgo) {
        em.createNativeQuery("UPDATE host SET last_heartbeat_at = :t WHERE id = :id")
                .setParameter("t", Instant.now().minusSeconds(secondsAgo)).setParameter("id", hostId).executeUpdate();
    }

    @Transactional
    public void revoke(UUID hostId) {
        em.createNativeQuery("UPDATE host SET revoked_at = :t WHERE id = :id")
                .setParameter("t", Instant.now()).setParameter("id", hostId).executeUpdate();
    }

    @Transactional
    public byte[] kubeconfigColumn(String clusterId) {
        return (byte[]) em.createNativeQuery("SELECT kubeconfig_ciphertext FROM cluster WHERE id = :id")
                .setParameter("id", clusterId).getSingleResult();
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public List<String> auditDetails(String action) {
        return em.createNativeQuery("SELECT target_id || ' ' || coalesce(detail, '') FROM audit_event WHERE action = :a ORDER BY id")
                .setParameter("a", action).getResultList();
    }
}
