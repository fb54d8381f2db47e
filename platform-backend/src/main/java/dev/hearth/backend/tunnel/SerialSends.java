package dev.hearth.backend.tunnel;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One host's tunnel frames, sent one at a time in the order they were handed over, on a worker thread:
 * callers (a browser socket's event loop, the notification listener) must not block on a WebSocket
 * send. Bounded by the tunnels' windows, not here: no tunnel has more than its window unacknowledged.
 */
final class SerialSends implements Executor {

    private static final Logger LOG = Logger.getLogger(SerialSends.class);

    private final Executor workers;
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();

    SerialSends(Executor workers) {
        this.workers = workers;
    }

    @Override
    public void execute(Runnable send) {
        waiting.add(send);
        if (wip.getAndIncrement() == 0) {
            workers.execute(this::drain);
        }
    }

    private void drain() {
        do {
            Runnable send = waiting.poll();
            try {
                send.run();
            } catch (RuntimeException e) {
                LOG.infof("a tunnel frame could not be sent: %s", e.getMessage());
            }
        } while (wip.decrementAndGet() != 0);
    }
}
