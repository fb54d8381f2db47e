package dev.hearth.agent.channel;

import dev.hearth.protocol.AgentMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Log chunks and build results produced while the backend is away, replayed in order on the next
 * connection. Unlike observations they are not level-like (each chunk says something new), so they
 * are queued — up to a bound, past which the oldest are dropped: a pod log's follower is asked again
 * from its last stored line on reconnect, and the backend ignores lines it already has.
 */
final class UnsentMessages {

    private final int capacity;
    private final Deque<AgentMessage> queue = new ArrayDeque<>();
    private long dropped;

    UnsentMessages(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    synchronized void add(AgentMessage message) {
        if (queue.size() == capacity) {
            queue.removeFirst();
            dropped++;
        }
        queue.addLast(message);
    }

    /** Everything queued, oldest first; the queue is empty afterwards. */
    synchronized List<AgentMessage> drain() {
        List<AgentMessage> all = new ArrayList<>(queue);
        queue.clear();
        return all;
    }

    /** How many messages were dropped because the queue was full, since the agent started. */
    synchronized long dropped() {
        return dropped;
    }
}
