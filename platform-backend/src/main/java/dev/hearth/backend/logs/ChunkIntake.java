package dev.hearth.backend.logs;

import dev.hearth.backend.agent.AgentMessageHandler;
import dev.hearth.backend.problem.DatabaseUnavailable;
import dev.hearth.protocol.LogChunk;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Stores agents' log chunks off the agent connection's thread. The hub handles one connection's
 * messages one at a time, so chunks stored in line would hold up that agent's heartbeats whenever
 * the database is slow, and a busy backend would call a healthy host UNREACHABLE. Each host gets an
 * ordered queue (its chunks are stored in the order they came); when a host's queue is full, the
 * chunk is stored in line instead, which slows that agent's connection down rather than losing lines.
 * Chunks of streams the host does not hold ({@link StreamOwners}) are dropped, counted
 * ({@code hearth_log_foreign_chunks_total}) and logged.
 */
@ApplicationScoped
public class ChunkIntake implements AgentMessageHandler<LogChunk> {

    private static final Logger LOG = Logger.getLogger(ChunkIntake.class);
    /** Between tries while PostgreSQL is away: its restart takes a few seconds. */
    private static final Duration RETRY_PAUSE = Duration.ofMillis(250);

    private final LogStreams logs;
    private final StreamOwners owners;
    private final Counter foreign;
    private final int perHostLimit;
    private final Duration retryFor;
    private final Map<UUID, SerialQueue> queues = new ConcurrentHashMap<>();
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("hearth-log-intake-", 0).factory());

    public ChunkIntake(LogStreams logs, LogSettings settings, StreamOwners owners, MeterRegistry metrics) {
        this.logs = logs;
        this.owners = owners;
        this.foreign = Counter.builder("hearth.log.foreign.chunks")
                .description("Log chunks dropped because their stream belongs to another host's cluster or build")
                .register(metrics);
        this.perHostLimit = settings.intakeQueue();
        this.retryFor = settings.intakeRetryFor();
    }

    @Override
    public Class<LogChunk> type() {
        return LogChunk.class;
    }

    @Override
    public String handle(UUID hostId, LogChunk chunk) {
        accept(hostId, chunk);
        return null;
    }

    /** Stores {@code chunk} soon, after every earlier chunk of the same host. */
    public void accept(UUID hostId, LogChunk chunk) {
        SerialQueue queue = queues.computeIfAbsent(hostId,
                id -> new SerialQueue(perHostLimit, workers, c -> storeWhenDatabaseIsBack(id, c)));
        if (!queue.offer(chunk)) {
            // Full: wait for this host's earlier chunks, then store this one here, keeping the order.
            queue.drainHere();
            storeWhenDatabaseIsBack(hostId, chunk);
        }
    }

    /**
     * While PostgreSQL is away (a restart takes seconds) the chunk is tried again rather than dropped:
     * the agent sent it once and re-sends only after a reconnect, so a dropped chunk would be a gap for
     * good. The host's later chunks wait behind it in its queue, and a full queue slows the agent's
     * connection down (above) — the same back-pressure as a slow database.
     */
    private void storeWhenDatabaseIsBack(UUID hostId, LogChunk chunk) {
        long giveUpAt = System.nanoTime() + retryFor.toNanos();
        while (true) {
            try {
                storeIfHeld(hostId, chunk);
                return;
            } catch (RuntimeException e) {
                if (!DatabaseUnavailable.causedBy(e) || System.nanoTime() > giveUpAt) {
                    LOG.warnf(e, "failed to store %d lines of %s from line %d", chunk.lines().size(), chunk.stream(),
                            chunk.seq());
                    return;
                }
            }
            try {
                Thread.sleep(RETRY_PAUSE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warnf("interrupted: %d lines of %s from line %d not stored", chunk.lines().size(), chunk.stream(),
                        chunk.seq());
                return;
            }
        }
    }

    /** How many chunks were dropped because their host does not hold their stream. */
    public double foreignChunks() {
        return foreign.count();
    }

    private void storeIfHeld(UUID hostId, LogChunk chunk) {
        boolean held;
        try {
            held = owners.heldBy(hostId, chunk.stream());
        } catch (RuntimeException e) {
            if (DatabaseUnavailable.causedBy(e)) {
                throw e;
            }
            LOG.warnf(e, "dropping %d lines of %s: could not check who holds the stream", chunk.lines().size(), chunk.stream());
            return;
        }
        if (!held) {
            foreign.increment();
            long dropped = (long) foreign.count();
            if (Long.bitCount(dropped) == 1) {
                // 1st, 2nd, 4th, 8th…: a host flooding foreign chunks cannot flood the log as well.
                LOG.warnf("dropping %d lines of %s from host %s: not a stream of that host's clusters or builds"
                        + " (%d such chunks dropped so far)", chunk.lines().size(), chunk.stream(), hostId, dropped);
            }
            return;
        }
        store(chunk);
    }

    /** How many chunks wait to be stored, over every host (for tests and metrics). */
    public int waiting() {
        return queues.values().stream().mapToInt(SerialQueue::size).sum();
    }

    private void store(LogChunk chunk) {
        try {
            logs.append(chunk);
        } catch (RuntimeException e) {
            if (DatabaseUnavailable.causedBy(e)) {
                throw e; // tried again by storeWhenDatabaseIsBack
            }
            // A lost chunk shows as a gap the follower's agent is asked to fill (PodLogs on reconnect);
            // one bad chunk must not stop the host's queue.
            LOG.warnf(e, "failed to store %d lines of %s from line %d", chunk.lines().size(), chunk.stream(), chunk.seq());
        }
    }

    @PreDestroy
    void stop() {
        queues.values().forEach(SerialQueue::drainHere);
        workers.shutdown();
    }
}
