package dev.hearth.wasmnode.volume;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/**
 * A file of a {@link BoundedView} open for writing: growth of the file is taken from the volume's
 * {@link VolumeQuota} before it is written (a write that would pass the quota fails whole, with
 * "no space left"), shrinking gives it back. Growth is counted by the file's apparent size, so a write
 * far past the end cannot make a sparse file the quota does not see.
 */
final class QuotaChannel extends FileChannel {

    private final FileChannel channel;
    private final VolumeQuota quota;
    private final boolean append;

    QuotaChannel(FileChannel channel, VolumeQuota quota, boolean append) {
        this.channel = channel;
        this.quota = quota;
        this.append = append;
    }

    /** Reserves what writing {@code length} bytes at {@code position} adds, runs the write, gives back what it did not use. */
    private synchronized int grow(long position, long length, IoWrite write) throws IOException {
        long size = channel.size();
        long growth = Math.max(0, position + length - size);
        quota.reserve(growth);
        int written = 0;
        try {
            written = write.run();
            return written;
        } finally {
            long grew = Math.max(0, channel.size() - size);
            quota.release(growth - grew);
        }
    }

    @FunctionalInterface
    private interface IoWrite {
        int run() throws IOException;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        long position = append ? channel.size() : channel.position();
        return grow(position, src.remaining(), () -> channel.write(src));
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = Arrays.stream(srcs, offset, offset + length).mapToLong(ByteBuffer::remaining).sum();
        long position = append ? channel.size() : channel.position();
        long[] written = {0};
        grow(position, total, () -> {
            written[0] = channel.write(srcs, offset, length);
            return (int) Math.min(Integer.MAX_VALUE, written[0]);
        });
        return written[0];
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        return grow(position, src.remaining(), () -> channel.write(src, position));
    }

    @Override
    public synchronized FileChannel truncate(long size) throws IOException {
        long before = channel.size();
        channel.truncate(size);
        quota.release(before - channel.size());
        return this;
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        long[] moved = {0};
        grow(position, count, () -> {
            moved[0] = channel.transferFrom(src, position, count);
            return (int) Math.min(Integer.MAX_VALUE, moved[0]);
        });
        return moved[0];
    }

    /** A writable mapping could grow the file past the quota unseen; only reading mappings are offered. */
    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        if (mode != MapMode.READ_ONLY) {
            throw new IOException("writable mappings are not offered on a bounded volume");
        }
        return channel.map(mode, position, size);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return channel.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return channel.read(dst, position);
    }

    @Override
    public long position() throws IOException {
        return channel.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        channel.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public void force(boolean metaData) throws IOException {
        channel.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return channel.transferTo(position, count, target);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return channel.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return channel.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        channel.close();
    }
}
