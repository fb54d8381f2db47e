package dev.hearth.agent.build;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;

/**
 * The host's build slots, shared fairly between people (docs/security.md, "Limits per user and per
 * host"): when a slot frees, it goes to the queued build of whoever has the fewest builds running,
 * the earliest queued among equals. A plain first-come pool let one person's queue take every slot
 * while everybody else waited behind it.
 */
final class FairSlots {

    record Queued(String owner, long arrival, Runnable build) {
    }

    private final Map<String, ArrayDeque<Queued>> queued = new HashMap<>();
    private final Map<String, Integer> running = new HashMap<>();
    private final List<Thread> workers = new ArrayList<>();
    private long arrivals;

    /** Starts {@code slots} threads that take builds as they come. */
    FairSlots(int slots, ThreadFactory threads) {
        for (int i = 0; i < slots; i++) {
            Thread worker = threads.newThread(this::work);
            workers.add(worker);
            worker.start();
        }
    }

    /** Interrupts the running builds and stops taking queued ones (the agent is stopping). */
    void shutdownNow() {
        workers.forEach(Thread::interrupt);
    }

    /** Queues {@code build} for {@code owner} (a registry namespace, i.e. a person). */
    synchronized void submit(String owner, Runnable build) {
        queued.computeIfAbsent(owner, o -> new ArrayDeque<>()).add(new Queued(owner, arrivals++, build));
        notifyAll();
    }

    /** The build a free slot runs next, counted as running; waits while none is queued. */
    synchronized Queued take() throws InterruptedException {
        while (queued.isEmpty()) {
            wait();
        }
        Queued next = null;
        for (ArrayDeque<Queued> ofOwner : queued.values()) {
            Queued head = ofOwner.peek();
            if (next == null || fewerRunning(head, next)) {
                next = head;
            }
        }
        ArrayDeque<Queued> ofOwner = queued.get(next.owner());
        ofOwner.poll();
        if (ofOwner.isEmpty()) {
            queued.remove(next.owner());
        }
        running.merge(next.owner(), 1, Integer::sum);
        return next;
    }

    private boolean fewerRunning(Queued a, Queued b) {
        int byRunning = Integer.compare(running.getOrDefault(a.owner(), 0), running.getOrDefault(b.owner(), 0));
        return byRunning < 0 || byRunning == 0 && a.arrival() < b.arrival();
    }

    /** A build of {@code owner} taken by {@link #take} finished. */
    synchronized void done(String owner) {
        running.computeIfPresent(owner, (o, n) -> n > 1 ? n - 1 : null);
    }

    private void work() {
        while (!Thread.currentThread().isInterrupted()) {
            Queued next;
            try {
                next = take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                next.build().run();
            } finally {
                done(next.owner());
            }
        }
    }

    /** The namespace of a build's image ({@code hearth-registry:5000/<namespace>/…}); the whole reference if it has none. */
    static String owner(String image) {
        String path = image.startsWith(ImageName.CLUSTER_REGISTRY + "/") ? image.substring(ImageName.CLUSTER_REGISTRY.length() + 1) : image;
        int slash = path.indexOf('/');
        return slash > 0 ? path.substring(0, slash) : image;
    }
}
