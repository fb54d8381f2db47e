package dev.hearth.backend.apps;

import dev.hearth.backend.cluster.Cluster;
import dev.hearth.backend.cluster.ClusterPhase;
import dev.hearth.backend.cluster.ClusterService;
import dev.hearth.backend.identity.Caller;
import dev.hearth.backend.problem.NotFoundProblem;
import dev.hearth.backend.problem.ValidationProblem;
import dev.hearth.backend.support.Secrets;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Share links (docs/portal.md, "Web apps"): the owner of an app makes a link with an expiry, and anyone
 * holding it opens that one app signed out until then. The token has ~230 random bits and only its
 * SHA-256 is stored; a link is refused (404, as an unknown one) once expired, and dies with its cluster —
 * it works only while the cluster is READY, and its row goes with the cluster's.
 */
@ApplicationScoped
public class AppShareLinks {

    static final String PREFIX = "hsa_";
    static final Duration LONGEST = Duration.ofDays(7);

    private final ClusterService clusters;
    private final Caller caller;
    private final EntityManager em;
    private final Clock clock;

    public AppShareLinks(ClusterService clusters, Caller caller, EntityManager em, Clock clock) {
        this.clusters = clusters;
        this.caller = caller;
        this.em = em;
        this.clock = clock;
    }

    /** A new link's token and expiry. */
    public record Created(String token, Instant expiresAt) {}

    /**
     * Makes a link to {@code namespace/service} of one of the caller's clusters.
     *
     * @throws NotFoundProblem when the cluster is not the caller's
     * @throws ValidationProblem naming {@code expiresInMinutes}, {@code namespace} or {@code service}
     */
    public Created create(String clusterId, String namespace, String service, Integer expiresInMinutes) {
        AppAddress.requireName("namespace", namespace);
        AppAddress.requireName("service", service);
        if (expiresInMinutes == null || expiresInMinutes < 1 || expiresInMinutes > LONGEST.toMinutes()) {
            throw ValidationProblem.of("expiresInMinutes", "must be between 1 and " + LONGEST.toMinutes() + " (7 days)");
        }
        clusters.readyHost(clusterId); // 404 for another's cluster, 409 until READY
        String token = Secrets.generate(PREFIX, 40);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(Duration.ofMinutes(expiresInMinutes));
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                        INSERT INTO app_share_link (token_sha256, cluster_id, owner_id, namespace, service, created_at, expires_at)
                        VALUES (:t, :c, :o, :ns, :s, :now, :exp)""")
                .setParameter("t", Secrets.sha256(token)).setParameter("c", clusterId).setParameter("o", caller.userId())
                .setParameter("ns", namespace).setParameter("s", service)
                .setParameter("now", Timestamp.from(now)).setParameter("exp", Timestamp.from(expiresAt))
                .executeUpdate());
        return new Created(token, expiresAt);
    }

    /**
     * The app a link opens.
     *
     * @throws NotFoundProblem when the link is unknown, expired, or its cluster is no longer READY
     */
    @SuppressWarnings("unchecked")
    public AppTarget resolve(String token) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Object[]> rows = token == null || !token.startsWith(PREFIX) ? List.of() : em.createNativeQuery("""
                            SELECT cluster_id, namespace, service FROM app_share_link
                            WHERE token_sha256 = :t AND expires_at > :now""")
                    .setParameter("t", Secrets.sha256(token)).setParameter("now", Timestamp.from(clock.instant()))
                    .getResultList();
            if (rows.isEmpty()) {
                throw new NotFoundProblem("share link", "(this link)");
            }
            Object[] row = rows.getFirst();
            Cluster cluster = Cluster.findById(row[0]);
            if (cluster == null || cluster.phase != ClusterPhase.READY || cluster.hostId == null) {
                throw new NotFoundProblem("share link", "(this link)");
            }
            return new AppTarget(cluster.id, cluster.hostId, (String) row[1], (String) row[2]);
        });
    }
}
