package dev.hearth.backend.logs;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One follower of one stream on this replica. The listener thread only {@link #offer}s lines (never
 * blocks): they go into a bounded buffer while they follow on from what was delivered; a gap, a full
 * buffer or a notification without lines marks the follower "behind", and it then reads the table
 * after its cursor until it has caught up. Delivery runs on its own executor, one drain at a time, and
 * only as far as the subscriber asked (reactive-streams demand), so a slow one delays nobody else.
 * It completes once the stream has ended and every line up to its end was delivered; lines stored
 * after the end (an agent's old connection's backlog) are waited for up to the end grace.
 *
 * <p>Lines are delivered in seq order without holes: a table read that finds a line missing before
 * stored ones (it was in flight to a backend that died, and the agent re-sends it once it notices,
 * docs/worker-agent.md) stops there and reads again shortly, for up to the same grace, and only then
 * goes on without it. Delivering past the hole would lose the line for this reader for good, since its
 * cursor (the SSE Last-Event-ID) would already be beyond it.
 */
final class LogSubscription implements Flow.Subscription {

    private static final int READ_BATCH = 500;
    /** How soon a reader waiting for a missing line reads again. */
    private static final long GAP_RECHECK_MS = 250;

    private final String stream;
    private final Flow.Subscriber<? super LogLine> downstream;
    private final LogStore store;
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final int capacity;
    private final Duration endGrace;
    private final Runnable onDone;
    private final AtomicInteger wip = new AtomicInteger();

    // Guarded by this.
    private final ArrayDeque<LogLine> buffer = new ArrayDeque<>();
    private long delivered;
    private boolean behind = true;
    private long misses;
    private boolean endSeen;
    /** Once the end is known: the stream's line count, so line endSeq-1 is the last. */
    private long endSeq = -1;
    private long endSeenAt;
    private boolean recheckScheduled;
    private long requested;
    private boolean finished;
    /** The missing line waited for, since when, and whether a read again is scheduled. */
    private long gapSeq = -1;
    private long gapSeenAt;
    private boolean waitingForGap;

    LogSubscription(String stream, long afterSeq, Flow.Subscriber<? super LogLine> downstream, LogStore store,
            Executor executor, ScheduledExecutorService timer, int capacity, Duration endGrace, Runnable onDone) {
        this.stream = stream;
        this.delivered = afterSeq;
        this.downstream = downstream;
        this.store = store;
        this.executor = executor;
        this.timer = timer;
        this.capacity = capacity;
        this.endGrace = endGrace;
        this.onDone = onDone;
    }

    String stream() {
        return stream;
    }

    /**
     * New lines from a notification; {@code lines} null when the notification did not carry them;
     * {@code end} whether the stream has ended, and then {@code endSeq} its line count.
     */
    void offer(List<LogLine> lines, boolean end, long endSeq) {
        synchronized (this) {
            if (finished) {
                return;
            }
            if (lines == null) {
                fallBehind();
            } else if (!behind) {
                long expected = buffer.isEmpty() ? delivered + 1 : buffer.getLast().seq() + 1;
                for (LogLine line : lines) {
                    if (line.seq() < expected) {
                        continue;
                    }
                    if (line.seq() > expected || buffer.size() >= capacity) {
                        fallBehind();
                        break;
                    }
                    buffer.addLast(line);
                    expected++;
                }
            } else {
                misses++;
            }
            if (end) {
                sawEnd(endSeq);
            }
        }
        schedule();
    }

    /** Guarded by this. */
    private void sawEnd(long lineCount) {
        if (!endSeen) {
            endSeen = true;
            endSeenAt = System.nanoTime();
        }
        endSeq = Math.max(endSeq, lineCount);
    }

    /** Guarded by this: every line before the end delivered, or waited long enough for the missing ones. */
    private boolean complete() {
        return endSeen && (delivered >= endSeq - 1 || System.nanoTime() - endSeenAt >= endGrace.toNanos());
    }

    /** Notifications may have been lost (the listening connection was down): read the table. */
    void resync() {
        synchronized (this) {
            fallBehind();
        }
        schedule();
    }

    private void fallBehind() {
        behind = true;
        buffer.clear();
        misses++;
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            fail(new IllegalArgumentException("reactive streams rule 3.9: request must be positive, got " + n));
            return;
        }
        synchronized (this) {
            requested = requested + n < 0 ? Long.MAX_VALUE : requested + n;
        }
        schedule();
    }

    @Override
    public void cancel() {
        synchronized (this) {
            finished = true;
            buffer.clear();
        }
        onDone.run();
    }

    void schedule() {
        if (wip.getAndIncrement() == 0) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        int missed = 1;
        while (true) {
            try {
                step();
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    /** Delivers what it can now: buffered lines, then table reads while behind, then the end. */
    private void step() {
        while (true) {
            LogLine next;
            boolean catchUp;
            long missesBefore;
            synchronized (this) {
                if (finished || requested == 0 && !(buffer.isEmpty() && !behind && complete())) {
                    return;
                }
                next = buffer.pollFirst();
                if (next != null) {
                    delivered = next.seq();
                    requested--;
                }
                if (next == null && behind && waitingForGap) {
                    return; // the scheduled read again resumes it
                }
                catchUp = next == null && behind;
                missesBefore = misses;
                if (next == null && !behind) {
                    if (complete()) {
                        finished = true;
                    } else {
                        if (endSeen && !recheckScheduled) {
                            // Lines before the end are missing: look again once the grace is over.
                            recheckScheduled = true;
                            timer.schedule(this::resync, endGrace.toMillis() + 1, TimeUnit.MILLISECONDS);
                        }
                        return;
                    }
                }
            }
            if (next != null) {
                downstream.onNext(next);
            } else if (catchUp) {
                catchUp(missesBefore);
            } else {
                onDone.run();
                downstream.onComplete();
                return;
            }
        }
    }

    private void catchUp(long missesBefore) {
        long from;
        int limit;
        synchronized (this) {
            from = delivered;
            limit = (int) Math.min(requested, READ_BATCH);
        }
        // End first, lines second: lines committed before the end are then all in the read.
        LogStore.EndState end = store.endState(stream);
        List<LogLine> lines = store.read(stream, from, limit);
        for (LogLine line : lines) {
            synchronized (this) {
                if (finished) {
                    return;
                }
                if (line.seq() > delivered + 1 && !gapWaitedOut(delivered + 1)) {
                    waitForGap();
                    return;
                }
                delivered = line.seq();
                requested--;
            }
            downstream.onNext(line);
        }
        if (lines.size() < limit) {
            synchronized (this) {
                if (misses == missesBefore) {
                    behind = false;
                }
                if (end.ended()) {
                    sawEnd(end.endSeq());
                }
            }
        }
    }

    /** Guarded by this: whether line {@code missingSeq} has been waited for as long as the grace. */
    private boolean gapWaitedOut(long missingSeq) {
        long now = System.nanoTime();
        if (gapSeq != missingSeq) {
            gapSeq = missingSeq;
            gapSeenAt = now;
        }
        return now - gapSeenAt >= endGrace.toNanos();
    }

    /** Guarded by this: stays behind, and reads the table again in a moment. */
    private void waitForGap() {
        if (waitingForGap) {
            return;
        }
        waitingForGap = true;
        timer.schedule(() -> {
            synchronized (this) {
                waitingForGap = false;
            }
            resync();
        }, GAP_RECHECK_MS, TimeUnit.MILLISECONDS);
    }

    private void fail(Throwable e) {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
        }
        onDone.run();
        downstream.onError(e);
    }
}
