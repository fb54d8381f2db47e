package dev.hearth.agent.build;

import dev.hearth.protocol.LogChunk;
import dev.hearth.protocol.LogStreamId;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One build's log stream ({@code build/<id>}): the agent's own lines and the compiler's output, split
 * into lines, numbered from 0, and sent in batches (at most one batch interval late) so a chatty
 * compiler does not become one message per line. Keeps what it sent, for the failure message.
 */
final class BuildLog {

    /** A line longer than this is cut: one line must not become one huge message. */
    static final int MAX_LINE = 4096;
    private static final int MAX_BATCH_LINES = 1000;

    private final LogStreamId stream;
    private final Consumer<LogChunk> sink;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final List<String> pending = new ArrayList<>();
    private final List<String> all = new ArrayList<>();
    private final ScheduledFuture<?> flusher;
    private long nextSeq;
    private boolean ended;

    BuildLog(LogStreamId stream, Consumer<LogChunk> sink, Duration batch, ScheduledExecutorService timer) {
        this.stream = stream;
        this.sink = sink;
        long millis = Math.max(1, batch.toMillis());
        this.flusher = timer.scheduleAtFixedRate(this::flush, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** A line of the agent's own ("Pushing …"). */
    synchronized void line(String text) {
        add(text);
    }

    /** Compiler output, as it arrives: complete lines are added, the rest waits for its newline. */
    synchronized void output(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '\n') {
                add(partial.toString(StandardCharsets.UTF_8));
                partial.reset();
            } else if (partial.size() < MAX_LINE) {
                partial.write(b);
            }
        }
    }

    /** Every line so far, in order. */
    synchronized List<String> lines() {
        return List.copyOf(all);
    }

    /** Sends what is pending and the end of the stream; later lines are dropped. */
    synchronized void end() {
        if (ended) {
            return;
        }
        if (partial.size() > 0) {
            add(partial.toString(StandardCharsets.UTF_8));
            partial.reset();
        }
        flusher.cancel(false);
        do {
            send(true);
        } while (!pending.isEmpty());
        ended = true;
    }

    synchronized void flush() {
        while (!ended && !pending.isEmpty()) {
            send(false);
        }
    }

    private void add(String text) {
        if (ended) {
            return;
        }
        String line = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        pending.add(line);
        all.add(line);
    }

    /** One chunk of at most {@link #MAX_BATCH_LINES}; with {@code end}, the last one says so. */
    private void send(boolean end) {
        List<String> batch = new ArrayList<>(pending.subList(0, Math.min(pending.size(), MAX_BATCH_LINES)));
        pending.subList(0, batch.size()).clear();
        LogChunk chunk = new LogChunk(stream, nextSeq, batch, end && pending.isEmpty());
        nextSeq = chunk.nextSeq();
        sink.accept(chunk);
    }
}
