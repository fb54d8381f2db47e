package dev.hearth.backend.logs;

import dev.hearth.protocol.LogChunk;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One host's log chunks, handled one at a time in arrival order by at most one worker at a time,
 * bounded. {@link #drainHere} lets the caller handle what waits on its own thread (a full queue, shutdown).
 */
final class SerialQueue {

    private final int limit;
    private final Executor workers;
    private final Consumer<LogChunk> handler;
    private final Deque<LogChunk> waiting = new ArrayDeque<>();
    /** Whether a worker (or a caller draining here) is handling chunks now; guarded by {@code this}. */
    private boolean busy;

    SerialQueue(int limit, Executor workers, Consumer<LogChunk> handler) {
        this.limit = limit;
        this.workers = workers;
        this.handler = handler;
    }

    /** Queues the chunk; false when the queue is full (nothing queued). */
    boolean offer(LogChunk chunk) {
        synchronized (this) {
            if (waiting.size() >= limit) {
                return false;
            }
            waiting.addLast(chunk);
            if (busy) {
                return true;
            }
            busy = true;
        }
        workers.execute(this::drain);
        return true;
    }

    /** Handles everything queued on the calling thread, after any worker now busy has finished. */
    void drainHere() {
        synchronized (this) {
            while (busy) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            busy = true;
        }
        drain();
    }

    int size() {
        synchronized (this) {
            return waiting.size();
        }
    }

    private void drain() {
        while (true) {
            LogChunk next;
            synchronized (this) {
                next = waiting.pollFirst();
                if (next == null) {
                    busy = false;
                    notifyAll();
                    return;
                }
            }
            handler.accept(next);
        }
    }
}
