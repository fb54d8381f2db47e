package dev.hearth.wasmnode.logs;

import dev.hearth.kit.lines.LineSplitter;
import dev.hearth.wasmnode.wasi.WasiRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Sends a container's log as {@code kubectl logs} shows it: the lines' text (with their times if
 * asked), filtered by {@link LogQuery}, and when following, each new line as soon as it is written.
 */
public final class LogStreamer {

    /** A stored record: its time and stream, then a line the runner cut at {@link WasiRunner#MAX_LINE_BYTES}. */
    private static final int MAX_RECORD_BYTES = WasiRunner.MAX_LINE_BYTES + 64;

    /** How often a follower wakes with nothing to send, to notice the run's end promptly. */
    private static final long FOLLOW_WAIT_MILLIS = 1000;

    private LogStreamer() {}

    /**
     * Writes the log to {@code out}; returns when it is all sent — for a followed live run, when the
     * run ends — or when {@code limitBytes} is reached.
     *
     * @throws IOException when the client goes away
     */
    public static void stream(LogSource source, LogQuery query, OutputStream out) throws IOException, InterruptedException {
        var writer = new Writer(query, out);
        switch (source) {
            case LogSource.Finished finished -> {
                List<FileChannel> channels = new ArrayList<>();
                try {
                    List<ContainerLog.Segment> segments = new ArrayList<>();
                    for (Path file : finished.files()) {
                        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                        channels.add(channel);
                        segments.add(new ContainerLog.Segment(channel, channel.size()));
                    }
                    writeExisting(segments, query, writer);
                } finally {
                    for (FileChannel channel : channels) {
                        channel.close();
                    }
                }
            }
            case LogSource.Live live -> {
                ContainerLog.Position position;
                try (ContainerLog.Snapshot snapshot = live.log().snapshot()) {
                    writeExisting(snapshot.segments(), query, writer);
                    position = snapshot.position();
                }
                out.flush();
                while (query.follow() && !position.ended() && !writer.full()) {
                    ContainerLog.Chunk chunk = live.log().awaitAfter(position, FOLLOW_WAIT_MILLIS);
                    try (InputStream in = new java.io.ByteArrayInputStream(chunk.bytes())) {
                        lines(in, writer::accept);
                    }
                    out.flush();
                    position = chunk.position();
                }
            }
        }
        out.flush();
    }

    private static void writeExisting(List<ContainerLog.Segment> segments, LogQuery query, Writer writer) throws IOException {
        if (query.tailLines().isEmpty()) {
            for (ContainerLog.Segment segment : segments) {
                lines(segment.open(), writer::accept);
            }
            return;
        }
        int tail = query.tailLines().getAsInt();
        Deque<LogRecord> last = new ArrayDeque<>();
        for (ContainerLog.Segment segment : segments) {
            lines(segment.open(), record -> {
                if (writer.wanted(record) && tail > 0) {
                    if (last.size() == tail) {
                        last.removeFirst();
                    }
                    last.addLast(record);
                }
            });
        }
        for (LogRecord record : last) {
            writer.accept(record);
        }
    }

    private interface RecordSink {
        void accept(LogRecord record) throws IOException;
    }

    /**
     * Reads stored records with the pod-log path's one line splitter: a record ends at its newline only
     * (a {@code \r} inside a module's line is its text, which {@code BufferedReader.readLine} would have
     * cut into a second, unreadable record).
     */
    private static void lines(InputStream in, RecordSink sink) throws IOException {
        try (var records = new LineSplitter(MAX_RECORD_BYTES, stored -> {
            Optional<LogRecord> record = LogRecord.parse(stored);
            if (record.isPresent()) {
                try {
                    sink.accept(record.get());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        })) {
            in.transferTo(records);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Applies the query's filter, format and byte limit to each line. */
    private static final class Writer {

        private final LogQuery query;
        private final OutputStream out;
        private long written;

        Writer(LogQuery query, OutputStream out) {
            this.query = query;
            this.out = out;
        }

        boolean wanted(LogRecord record) {
            return query.since().map(since -> !record.time().isBefore(since)).orElse(true);
        }

        boolean full() {
            return query.limitBytes().isPresent() && written >= query.limitBytes().getAsLong();
        }

        void accept(LogRecord record) throws IOException {
            if (!wanted(record) || full()) {
                return;
            }
            String text = (query.timestamps() ? DateTimeFormatter.ISO_INSTANT.format(record.time()) + " " : "")
                    + record.text() + "\n";
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            int length = bytes.length;
            if (query.limitBytes().isPresent()) {
                length = (int) Math.min(length, query.limitBytes().getAsLong() - written);
            }
            out.write(bytes, 0, length);
            written += length;
        }
    }
}
