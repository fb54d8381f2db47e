package dev.hearth.backend.agent;

import dev.hearth.backend.notify.NotificationHandler;
import dev.hearth.protocol.AgentMessage;
import dev.hearth.protocol.AgentMessageCodec;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Messages for a host's agent from any replica (docs/architecture.md): written to {@code agent_outbox} in
 * the caller's transaction and announced by {@code NOTIFY} on {@value #CHANNEL} with the host id. The
 * replica holding that host's agent connection sends the host's rows in order and deletes them; it
 * does so again after the agent's Hello, so a message written while the agent was away arrives when
 * it returns — unless it expired first ({@code hearth.mailbox.expire-after}), since a stale request
 * (follow a log nobody watches any more) is worse than none.
 */
@ApplicationScoped
public class AgentMailbox implements NotificationHandler {

    public static final String CHANNEL = "hearth_agent_outbox";
    private static final Logger LOG = Logger.getLogger(AgentMailbox.class);
    private static final int BATCH = 100;

    private final EntityManager em;
    private final AgentConnections connections;
    private final AgentMessageCodec codec;
    private final Clock clock;
    private final Duration expireAfter;
    /** Per host: drains asked for and not yet done (work-in-progress counter; one drain at a time). */
    private final Map<UUID, AtomicInteger> pending = new ConcurrentHashMap<>();

    public AgentMailbox(EntityManager em, AgentConnections connections, AgentMessageCodec codec, Clock clock,
            MailboxSettings settings) {
        this.em = em;
        this.connections = connections;
        this.codec = codec;
        this.clock = clock;
        this.expireAfter = settings.expireAfter();
    }

    /** Queues {@code message} for the host's agent; it is sent once the caller's transaction commits. */
    @Transactional
    public void send(UUID hostId, AgentMessage message) {
        Instant now = clock.instant();
        em.createNativeQuery("""
                        INSERT INTO agent_outbox (host_id, message, created_at, expires_at) VALUES (:h, :m, :now, :exp)""")
                .setParameter("h", hostId).setParameter("m", codec.encode(message))
                .setParameter("now", now).setParameter("exp", now.plus(expireAfter))
                .executeUpdate();
        em.createNativeQuery("SELECT pg_notify(:c, :h)").setParameter("c", CHANNEL)
                .setParameter("h", hostId.toString()).getSingleResult();
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public void notified(String payload) {
        try {
            deliverSoon(UUID.fromString(payload));
        } catch (IllegalArgumentException e) {
            LOG.warnf("ignoring a %s notification that names no host id: '%s'", CHANNEL, payload);
        }
    }

    @Override
    public void listening() {
        connections.hosts().forEach(this::deliverSoon);
    }

    /** Sends the host's waiting messages on a worker thread, if its agent is connected here. */
    public void deliverSoon(UUID hostId) {
        if (!connections.holds(hostId)) {
            return;
        }
        AtomicInteger wip = pending.computeIfAbsent(hostId, id -> new AtomicInteger());
        if (wip.getAndIncrement() == 0) {
            Infrastructure.getDefaultWorkerPool().execute(() -> drainLoop(hostId, wip));
        }
    }

    private void drainLoop(UUID hostId, AtomicInteger wip) {
        int asked = wip.get();
        while (true) {
            try {
                while (QuarkusTransaction.requiringNew().call(() -> drainBatch(hostId))) {
                    // a full batch went out; there may be more
                }
            } catch (RuntimeException e) {
                LOG.warnf("delivering host %s's messages failed; they wait for its next connection: %s", hostId, e.getMessage());
            }
            asked = wip.addAndGet(-asked);
            if (asked == 0) {
                return;
            }
        }
    }

    /** @return whether a full batch was sent (so another may wait) */
    @SuppressWarnings("unchecked")
    private boolean drainBatch(UUID hostId) {
        // FOR UPDATE: if two replicas briefly both hold the host (a reconnect moving it), they take turns.
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT id, message FROM agent_outbox WHERE host_id = :h AND expires_at > :now
                        ORDER BY id LIMIT :n FOR UPDATE""")
                .setParameter("h", hostId).setParameter("now", clock.instant()).setParameter("n", BATCH)
                .getResultList();
        List<Long> sent = new ArrayList<>();
        for (Object[] row : rows) {
            if (!connections.sendEncoded(hostId, (String) row[1])) {
                break;
            }
            sent.add(((Number) row[0]).longValue());
        }
        if (!sent.isEmpty()) {
            em.createNativeQuery("DELETE FROM agent_outbox WHERE id IN (:ids)").setParameter("ids", sent).executeUpdate();
        }
        return rows.size() == BATCH && sent.size() == BATCH;
    }

    @Scheduled(every = "${hearth.mailbox.expire-every:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "10s")
    void scheduledExpiry() {
        expire();
    }

    /** Deletes messages no agent took in time. @return how many */
    public int expire() {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "DELETE FROM agent_outbox WHERE expires_at <= :now").setParameter("now", clock.instant()).executeUpdate());
    }
}
