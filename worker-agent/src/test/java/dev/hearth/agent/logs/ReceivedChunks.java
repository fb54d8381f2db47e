package dev.hearth.agent.logs;

import dev.hearth.protocol.LogChunk;
import dev.hearth.protocol.LogStreamId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The chunks followers sent, as the agent channel would have carried them, with when each was sent. */
final class ReceivedChunks {

    private record Received(LogChunk chunk, long epochNanos) {}

    private final List<Received> chunks = new ArrayList<>();

    synchronized void add(LogChunk chunk) {
        java.time.Instant now = java.time.Instant.now();
        chunks.add(new Received(chunk, now.getEpochSecond() * 1_000_000_000L + now.getNano()));
        notifyAll();
    }

    synchronized List<LogChunk> of(LogStreamId stream) {
        return chunks.stream().map(Received::chunk).filter(chunk -> chunk.stream().equals(stream)).toList();
    }

    /** Forgets what the stream got so far, so the next wait sees only what comes after. */
    synchronized void forget(LogStreamId stream) {
        chunks.removeIf(r -> r.chunk().stream().equals(stream));
    }

    /** Waits for the stream's end; returns all its chunks. */
    synchronized List<LogChunk> awaitEnd(LogStreamId stream, Duration timeout) throws InterruptedException {
        return await(stream, timeout, "the end of " + stream, got -> !got.isEmpty() && got.getLast().end());
    }

    synchronized List<LogChunk> awaitLines(LogStreamId stream, int count, Duration timeout) throws InterruptedException {
        return await(stream, timeout, count + " lines of " + stream,
                got -> got.stream().mapToInt(chunk -> chunk.lines().size()).sum() >= count);
    }

    /**
     * Waits for a chunk of the stream sent at least {@code after} later than its first: by then the
     * first chunk's lines were sent that long ago, however much backlog the first chunk carried.
     */
    synchronized void awaitChunkLaterThanFirstBy(LogStreamId stream, Duration after, Duration timeout) throws InterruptedException {
        await(stream, timeout, "a chunk of " + stream + " sent " + after + " after its first", got -> {
            List<Long> sent = chunks.stream().filter(r -> r.chunk().stream().equals(stream)).map(Received::epochNanos).toList();
            return !sent.isEmpty() && sent.getLast() - sent.getFirst() >= after.toNanos();
        });
    }

    /** Waits {@code quiet} long, failing if a chunk of the stream arrives meanwhile. */
    synchronized void awaitQuiet(LogStreamId stream, Duration quiet) throws InterruptedException {
        int before = of(stream).size();
        long deadline = System.nanoTime() + quiet.toNanos();
        for (long left = quiet.toMillis(); left > 0; left = (deadline - System.nanoTime()) / 1_000_000) {
            wait(left);
            if (of(stream).size() != before) {
                throw new AssertionError("a chunk of " + stream + " arrived after it was stopped: " + of(stream).getLast());
            }
        }
    }

    /** For each line of a ticker stream past its first five: ms from the line's own time to its chunk's sending. */
    synchronized List<Long> latencies(LogStreamId stream) {
        List<Long> millis = new ArrayList<>();
        chunks.stream().filter(r -> r.chunk().stream().equals(stream)).forEach(r -> {
            for (int i = 0; i < r.chunk().lines().size(); i++) {
                String[] parts = r.chunk().lines().get(i).split(" ");
                if (r.chunk().seq() + i >= 5 && parts.length == 3) {
                    millis.add((r.epochNanos() - Long.parseLong(parts[2])) / 1_000_000);
                }
            }
        });
        return millis;
    }

    private List<LogChunk> await(LogStreamId stream, Duration timeout, String what,
            java.util.function.Predicate<List<LogChunk>> done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(of(stream))) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw new AssertionError("waited " + timeout + " for " + what + "; got " + of(stream));
            }
            wait(left);
        }
        return of(stream);
    }
}
