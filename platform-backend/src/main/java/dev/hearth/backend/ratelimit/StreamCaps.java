package dev.hearth.backend.ratelimit;

import dev.hearth.backend.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many live streams (server-sent events: cluster progress, classroom boards, build and pod logs)
 * one person holds at once, so nobody can tie up the backend's connections and log followers alone
 * (docs/security.md, "Limits per user and per host"). A stream is counted from the request that opens
 * it until it ends or its client goes away. Memory: one counter per person with a stream open.
 */
@ApplicationScoped
public class StreamCaps {

    private final int perPerson;
    private final Map<UUID, Integer> open = new ConcurrentHashMap<>();

    public StreamCaps(RateLimitSettings settings) {
        this.perPerson = settings.streamsPerPerson();
    }

    /**
     * {@code stream}, counted against {@code person} (the caller's app_user id).
     *
     * @throws ProblemException 429 when they already hold their limit of streams
     */
    public <T> Multi<T> capped(UUID person, Multi<T> stream) {
        boolean[] taken = {false};
        open.compute(person, (p, count) -> {
            int now = count == null ? 0 : count;
            if (now >= perPerson) {
                return count;
            }
            taken[0] = true;
            return now + 1;
        });
        if (!taken[0]) {
            throw new ProblemException(429, "too-many-streams", "Too many live views",
                    "you already have " + perPerson + " live views open (pages following clusters, boards or logs); "
                            + "close some tabs or log followers and try again");
        }
        AtomicBoolean released = new AtomicBoolean();
        return stream.onTermination().invoke(() -> {
            if (released.compareAndSet(false, true)) {
                open.computeIfPresent(person, (p, count) -> count <= 1 ? null : count - 1);
            }
        });
    }

    /** Streams {@code person} holds now (for tests). */
    public int openBy(UUID person) {
        return open.getOrDefault(person, 0);
    }
}
