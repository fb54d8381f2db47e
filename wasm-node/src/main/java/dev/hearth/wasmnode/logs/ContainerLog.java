package dev.hearth.wasmnode.logs;

import dev.hearth.wasmnode.wasi.ConsoleLine;
import dev.hearth.wasmnode.wasi.ConsoleSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The log of one run of one container: every line the module writes, both streams in order, each with
 * the time it was written, to {@code <run>.log}. At {@link LogLimits#maxFileBytes()} the file is
 * rotated ({@code <run>.log.1}, …) and the oldest beyond {@link LogLimits#maxFiles()} removed, so the
 * run's log never exceeds their product however much the module writes. Readers following the log
 * wait on it for new lines.
 */
public final class ContainerLog implements ConsoleSink, AutoCloseable {

    private final Path file;
    private final LogLimits limits;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private FileChannel channel;
    private long size;
    private long generation;
    private boolean closed;

    ContainerLog(Path file, LogLimits limits, Clock clock) {
        this.file = file;
        this.limits = limits;
        this.clock = clock;
        try {
            Files.createDirectories(file.getParent());
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to open container log " + file, e);
        }
    }

    @Override
    public void accept(ConsoleLine line) {
        byte[] bytes = new LogRecord(clock.instant(), line.stream(), line.text()).format().getBytes(StandardCharsets.UTF_8);
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (size > 0 && size + bytes.length > limits.maxFileBytes()) {
                rotate();
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            size += bytes.length;
            changed.signalAll();
        } catch (IOException e) {
            // A full disk must not kill the module: its output is lost, as with any runtime's logger.
        } finally {
            lock.unlock();
        }
    }

    /** {@code <run>.log.N} → {@code .N+1}, the current file → {@code .1}, the oldest beyond the limit removed. */
    private void rotate() throws IOException {
        channel.close();
        int keepRotated = limits.maxFiles() - 1;
        Files.deleteIfExists(rotated(keepRotated));
        for (int n = keepRotated - 1; n >= 1; n--) {
            if (Files.exists(rotated(n))) {
                Files.move(rotated(n), rotated(n + 1));
            }
        }
        if (keepRotated >= 1) {
            Files.move(file, rotated(1));
        }
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        size = 0;
        generation++;
    }

    private Path rotated(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    /** The run's files, oldest first. */
    List<Path> files() {
        return files(file, limits.maxFiles());
    }

    static List<Path> files(Path current, int maxFiles) {
        List<Path> files = new ArrayList<>();
        for (int n = maxFiles - 1; n >= 1; n--) {
            Path rotated = current.resolveSibling(current.getFileName() + "." + n);
            if (Files.exists(rotated)) {
                files.add(rotated);
            }
        }
        if (Files.exists(current)) {
            files.add(current);
        }
        return files;
    }

    /**
     * What the log holds now, as open files (oldest first, each with its length now) and the position
     * after them. Taken under the lock, so a rotation cannot slip between; the files stay readable
     * after they are renamed or removed, since they are open.
     */
    Snapshot snapshot() throws IOException {
        lock.lock();
        try {
            List<Segment> segments = new ArrayList<>();
            for (Path path : files()) {
                FileChannel in = FileChannel.open(path, StandardOpenOption.READ);
                segments.add(new Segment(in, path.equals(file) ? size : in.size()));
            }
            return new Snapshot(segments, new Position(generation, size, closed));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the log moves past {@code seen} or ends, at most {@code timeoutMillis}, and returns
     * what was written after {@code seen}. When the log rotated in between, the rest of the rotated
     * file comes first; what rotated out of reach entirely is skipped.
     */
    Chunk awaitAfter(Position seen, long timeoutMillis) throws InterruptedException, IOException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (!closed && generation == seen.generation() && size == seen.offset() && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            var out = new ByteArrayOutputStream();
            if (generation == seen.generation()) {
                copy(file, seen.offset(), size, out);
            } else {
                if (generation == seen.generation() + 1 && limits.maxFiles() > 1) {
                    copy(rotated(1), seen.offset(), Long.MAX_VALUE, out);
                }
                copy(file, 0, size, out);
            }
            return new Chunk(out.toByteArray(), new Position(generation, size, closed));
        } finally {
            lock.unlock();
        }
    }

    private static void copy(Path path, long from, long to, ByteArrayOutputStream out) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ)) {
            new Segment(in, Math.min(to, in.size())).copyTo(out, from);
        }
    }

    /** Whether the run ended, so nothing more will be written. */
    boolean ended() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** The run ended: no more lines; followers finish. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                try {
                    channel.close();
                } catch (IOException e) {
                    // Nothing more will be written; closing is best effort.
                }
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A point in a run's log.
     *
     * @param generation how many times the log was rotated before it
     * @param offset bytes into the current file
     * @param ended whether the run had ended
     */
    record Position(long generation, long offset, boolean ended) {}

    /** An open log file and how much of it to read. */
    record Segment(FileChannel channel, long length) {

        /** The segment's bytes, read through once. */
        java.io.InputStream open() {
            return new java.io.InputStream() {
                private long at;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] bytes, int offset, int count) throws IOException {
                    if (at >= length) {
                        return -1;
                    }
                    int read = channel.read(ByteBuffer.wrap(bytes, offset, (int) Math.min(count, length - at)), at);
                    if (read > 0) {
                        at += read;
                    }
                    return read;
                }
            };
        }

        void copyTo(java.io.OutputStream out, long from) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            long at = from;
            while (at < length) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), length - at));
                int read = channel.read(buffer, at);
                if (read < 0) {
                    break;
                }
                out.write(buffer.array(), 0, read);
                at += read;
            }
        }
    }

    /** The files of a log at one moment, and the position after them; closing it closes the files. */
    record Snapshot(List<Segment> segments, Position position) implements AutoCloseable {

        @Override
        public void close() throws IOException {
            for (Segment segment : segments) {
                segment.channel().close();
            }
        }
    }

    /** Bytes written after a position, and the position after them. */
    record Chunk(byte[] bytes, Position position) {}
}
