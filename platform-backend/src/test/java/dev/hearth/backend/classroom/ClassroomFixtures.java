package dev.hearth.backend.classroom;

import dev.hearth.backend.cluster.ClusterConfiguration;
import dev.hearth.backend.cluster.ClusterConfigurationParser;
import dev.hearth.backend.cluster.StoredConfiguration;
import dev.hearth.backend.testing.Api;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Classrooms for the tests: created through the real API, and direct reads and nudges of their rows. */
@ApplicationScoped
public class ClassroomFixtures {

    private final EntityManager em;

    public ClassroomFixtures(EntityManager em) {
        this.em = em;
    }

    /** A body for POST /api/v1/classrooms: a class running from now for two hours. */
    public static Map<String, Object> body(String name, int seats) {
        Map<String, Object> body = new HashMap<>();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        body.put("name", name);
        body.put("seats", seats);
        body.put("startsAt", now.toString());
        body.put("endsAt", now.plus(2, ChronoUnit.HOURS).toString());
        return body;
    }

    /** Creates a classroom as irene; returns its board as a map. */
    public static Map<String, Object> create(String name, int seats) {
        return Api.as("irene").body(body(name, seats)).post("/api/v1/classrooms").then().statusCode(201)
                .extract().jsonPath().getMap("");
    }

    /** Every classroom, seat and cluster: each test starts with none. */
    @Transactional
    public void removeAll() {
        em.createNativeQuery("DELETE FROM seat_occupancy").executeUpdate();
        em.createNativeQuery("DELETE FROM seat").executeUpdate();
        em.createNativeQuery("DELETE FROM classroom").executeUpdate();
        em.createNativeQuery("DELETE FROM cluster").executeUpdate();
    }

    @Transactional
    public void setCodeExpiry(Object classroomId, Instant at) {
        em.createNativeQuery("UPDATE classroom SET code_expires_at = :t WHERE id = :id")
                .setParameter("t", at).setParameter("id", UUID.fromString(classroomId.toString())).executeUpdate();
    }

    @Transactional
    public void setEnd(Object classroomId, Instant at) {
        em.createNativeQuery("UPDATE classroom SET ends_at = :t, code_expires_at = least(code_expires_at, :t) WHERE id = :id")
                .setParameter("t", at).setParameter("id", UUID.fromString(classroomId.toString())).executeUpdate();
    }

    /**
     * A classroom run by someone else — an instructor who is not one of the demo users — so the tests
     * can ask for it as irene and as a participant. Returns its id.
     */
    @Transactional
    public UUID otherInstructorsClassroom() {
        UUID user = UUID.randomUUID();
        Instant now = Instant.now();
        em.createNativeQuery("""
                INSERT INTO app_user (id, subject, username, roles, created_at, last_seen_at)
                VALUES (:id, :subject, :name, '{instructor}', :now, :now)""")
                .setParameter("id", user).setParameter("subject", "test-" + user).setParameter("name", "olga-" + user)
                .setParameter("now", now).executeUpdate();
        UUID id = UUID.randomUUID();
        em.createNativeQuery("""
                INSERT INTO classroom (id, name, instructor_id, seat_count, starts_at, ends_at, config_yaml, configuration,
                    join_code, code_expires_at, code_max_uses, created_at)
                VALUES (:id, 'Olga''s class', :user, 2, :now, :end, :yaml, :typed, :code, :end, 2, :now)""")
                .setParameter("id", id).setParameter("user", user).setParameter("now", now)
                .setParameter("yaml", ClusterConfigurationParser.toYaml(ClusterConfiguration.defaults()))
                .setParameter("typed", new StoredConfiguration().convertToDatabaseColumn(ClusterConfiguration.defaults()))
                .setParameter("end", now.plus(1, ChronoUnit.HOURS)).setParameter("code", JoinCodes.next()).executeUpdate();
        return id;
    }

    /** Owner user names of the given clusters, by cluster id ("-" for a warm-pool cluster nobody holds). */
    @Transactional
    @SuppressWarnings("unchecked")
    public Map<String, String> owners(List<String> clusterIds) {
        Map<String, String> owners = new HashMap<>();
        List<Object[]> rows = em.createNativeQuery("""
                SELECT c.id, coalesce(u.username, '-') FROM cluster c LEFT JOIN app_user u ON u.id = c.owner_id
                WHERE c.id IN (:ids)""").setParameter("ids", clusterIds).getResultList();
        rows.forEach(r -> owners.put((String) r[0], (String) r[1]));
        return owners;
    }

    @Transactional
    public String phase(String clusterId) {
        return (String) em.createNativeQuery("SELECT phase FROM cluster WHERE id = :id").setParameter("id", clusterId)
                .getSingleResult();
    }

    @Transactional
    public String message(String clusterId) {
        return (String) em.createNativeQuery("SELECT message FROM cluster WHERE id = :id").setParameter("id", clusterId)
                .getSingleResult();
    }

    @Transactional
    public long generation(String clusterId) {
        return ((Number) em.createNativeQuery("SELECT generation FROM cluster WHERE id = :id").setParameter("id", clusterId)
                .getSingleResult()).longValue();
    }
}
