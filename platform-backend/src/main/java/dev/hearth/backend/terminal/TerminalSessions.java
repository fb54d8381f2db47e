package dev.hearth.backend.terminal;

import dev.hearth.backend.audit.AuditLog;
import dev.hearth.backend.audit.AuditLog.Action;
import dev.hearth.backend.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The open terminals of every replica ({@code terminal_session}, V9): what the limits count, who is
 * watching whom, and the audit of each open, watch and close. A change of a cluster's watchers is
 * announced on {@value #WATCH_CHANNEL} so the owner's page says so wherever it is connected.
 */
@ApplicationScoped
public class TerminalSessions {

    public static final String WATCH_CHANNEL = "hearth_terminal_watch";

    private final EntityManager em;
    private final AuditLog audit;
    private final TerminalSettings settings;
    private final Clock clock;

    public TerminalSessions(EntityManager em, AuditLog audit, TerminalSettings settings, Clock clock) {
        this.em = em;
        this.audit = audit;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Records an opening terminal, within the limits.
     *
     * @throws ProblemException 429 naming the limit when the person or the host has too many open
     */
    @Transactional
    public UUID open(TerminalTarget target) {
        Instant now = clock.instant();
        Instant fresh = now.minus(settings.staleAfter());
        // One opening at a time per person, so two tabs at once cannot both pass the count.
        em.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('terminal:' || :u))")
                .setParameter("u", target.userId().toString()).getSingleResult();
        long mine = count("user_id = :v", target.userId(), fresh);
        if (mine >= settings.maxPerUser()) {
            throw new ProblemException(429, "terminal-limit", "Too many terminals",
                    "you have " + mine + " terminals open, the most allowed (hearth.terminal.max-per-user); close one first");
        }
        long onHost = count("host_id = :v", target.hostId(), fresh);
        if (onHost >= settings.maxPerHost()) {
            throw new ProblemException(429, "terminal-limit", "Too many terminals",
                    "the host of this cluster has " + onHost + " terminals open, its limit; try again in a few minutes");
        }
        UUID id = UUID.randomUUID();
        em.createNativeQuery("""
                        INSERT INTO terminal_session (id, cluster_id, host_id, user_id, username, watch, opened_at, seen_at)
                        VALUES (:id, :c, :h, :u, :n, :w, :t, :t)""")
                .setParameter("id", id).setParameter("c", target.clusterId()).setParameter("h", target.hostId())
                .setParameter("u", target.userId()).setParameter("n", target.username()).setParameter("w", target.watch())
                .setParameter("t", now).executeUpdate();
        audit.recordFor(target.userId(), target.username(), target.via(),
                target.watch() ? Action.TERMINAL_WATCH : Action.TERMINAL_OPEN, "cluster", target.clusterId(),
                target.watch() ? "read-only" : null);
        if (target.watch()) {
            announce(target.clusterId());
        }
        return id;
    }

    @Transactional
    public void close(UUID session, TerminalTarget target, String reason) {
        int closed = em.createNativeQuery("UPDATE terminal_session SET closed_at = :t WHERE id = :id AND closed_at IS NULL")
                .setParameter("t", clock.instant()).setParameter("id", session).executeUpdate();
        if (closed == 0) {
            return;
        }
        audit.recordFor(target.userId(), target.username(), target.via(), Action.TERMINAL_CLOSE, "cluster",
                target.clusterId(), (target.watch() ? "read-only; " : "") + reason);
        if (target.watch()) {
            announce(target.clusterId());
        }
    }

    /** The sessions of this replica's open sockets are still open (see {@code hearth.terminal.stale-after}). */
    @Transactional
    public void renew(java.util.Collection<UUID> open) {
        if (!open.isEmpty()) {
            em.createNativeQuery("UPDATE terminal_session SET seen_at = :t WHERE id IN (:ids) AND closed_at IS NULL")
                    .setParameter("t", clock.instant()).setParameter("ids", open).executeUpdate();
        }
    }

    /** Who watches the cluster's terminal now, by name. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<String> watchers(String clusterId) {
        return em.createNativeQuery("""
                        SELECT DISTINCT username FROM terminal_session
                        WHERE cluster_id = :c AND watch AND closed_at IS NULL AND seen_at > :fresh ORDER BY username""")
                .setParameter("c", clusterId).setParameter("fresh", clock.instant().minus(settings.staleAfter()))
                .getResultList();
    }

    private long count(String condition, UUID value, Instant fresh) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM terminal_session WHERE " + condition
                        + " AND closed_at IS NULL AND seen_at > :fresh")
                .setParameter("v", value).setParameter("fresh", fresh).getSingleResult()).longValue();
    }

    private void announce(String clusterId) {
        em.createNativeQuery("SELECT pg_notify(:ch, :c)").setParameter("ch", WATCH_CHANNEL).setParameter("c", clusterId)
                .getSingleResult();
    }
}
