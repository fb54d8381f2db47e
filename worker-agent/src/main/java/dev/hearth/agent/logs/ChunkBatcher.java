package dev.hearth.agent.logs;

import dev.hearth.protocol.LogChunk;
import dev.hearth.protocol.LogStreamId;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Numbers a stream's lines and groups them into {@link LogChunk}s: a line after a quiet spell leaves at
 * once (no added latency for a slow printer), lines of a burst leave together at most every
 * {@code linger}, and never more than {@code maxLines} in one chunk (a flood becomes few messages).
 */
final class ChunkBatcher {

    private final LogStreamId stream;
    private final int maxLines;
    private final long lingerNanos;
    private final ScheduledExecutorService timer;
    private final LongSupplier nanoTime;
    private final Consumer<LogChunk> out;
    private List<String> pending = new ArrayList<>();
    private long nextSeq;
    private long lastSentNanos;
    private ScheduledFuture<?> scheduled;
    private boolean closed;
    /** The last chunks sent: first seq, next seq, when. Enough to tell a line in flight from a lost one. */
    private final ArrayDeque<long[]> sent = new ArrayDeque<>();
    private static final int SENT_KEPT = 256;

    ChunkBatcher(LogStreamId stream, long firstSeq, int maxLines, Duration linger, ScheduledExecutorService timer,
            LongSupplier nanoTime, Consumer<LogChunk> out) {
        this.stream = stream;
        this.nextSeq = firstSeq;
        this.maxLines = maxLines;
        this.lingerNanos = linger.toNanos();
        this.timer = timer;
        this.nanoTime = nanoTime;
        this.out = out;
        this.lastSentNanos = nanoTime.getAsLong() - lingerNanos;
    }

    /** The number the next added line gets. */
    synchronized long nextSeq() {
        return nextSeq + pending.size();
    }

    synchronized void add(String line) {
        if (closed) {
            return;
        }
        pending.add(line);
        if (pending.size() >= maxLines) {
            send(false);
            return;
        }
        long sinceLast = nanoTime.getAsLong() - lastSentNanos;
        if (sinceLast >= lingerNanos) {
            send(false);
        } else if (scheduled == null) {
            scheduled = timer.schedule(this::flush, lingerNanos - sinceLast, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * How long ago line {@code seq} was sent, in nanoseconds: {@link Long#MAX_VALUE} when it was sent
     * before the chunks still remembered, -1 when it has not been sent.
     */
    synchronized long sentAgoNanos(long seq) {
        if (seq >= nextSeq) {
            return -1;
        }
        for (long[] chunk : sent) {
            if (seq >= chunk[0] && seq < chunk[1]) {
                return nanoTime.getAsLong() - chunk[2];
            }
        }
        return Long.MAX_VALUE;
    }

    /** Sends what waits now. */
    synchronized void flush() {
        if (!closed && !pending.isEmpty()) {
            send(false);
        }
    }

    /** Sends what waits as the stream's last chunk (possibly empty) and takes no more lines. */
    synchronized void end() {
        if (!closed) {
            send(true);
            closed = true;
        }
    }

    /** Takes no more lines and drops what waits: the stream is given up without an end (LogStop, shutdown). */
    synchronized void close() {
        closed = true;
        cancelScheduled();
        pending = new ArrayList<>();
    }

    private void send(boolean end) {
        cancelScheduled();
        List<String> lines = pending;
        pending = new ArrayList<>();
        LogChunk chunk = new LogChunk(stream, nextSeq, lines, end);
        nextSeq = chunk.nextSeq();
        lastSentNanos = nanoTime.getAsLong();
        if (!lines.isEmpty()) {
            if (sent.size() == SENT_KEPT) {
                sent.removeFirst();
            }
            sent.addLast(new long[] {chunk.seq(), chunk.nextSeq(), lastSentNanos});
        }
        out.accept(chunk);
    }

    private void cancelScheduled() {
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
    }
}
