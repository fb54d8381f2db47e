package dev.hearth.wasmnode.volume;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes a volume may hold, counted as the module writes: file contents by their size, and {@link
 * #ENTRY_BYTES} for each file, directory or link, so empty files cannot exhaust the node's inodes
 * either. A quota may have a parent (the node's budget for every pod's volumes) that each reservation
 * must also fit in. Thread-safe: the containers of a pod share their emptyDir.
 */
public final class VolumeQuota {

    /** What a directory entry costs, a file system block. */
    static final long ENTRY_BYTES = 4096;

    private final String name;
    private final long limit;
    private final Optional<VolumeQuota> parent;
    private final AtomicLong used = new AtomicLong();

    /**
     * @param name what the quota bounds, for the error a module's write gets (e.g. {@code emptyDir "scratch"})
     */
    public VolumeQuota(String name, long limit, Optional<VolumeQuota> parent) {
        this.name = name;
        this.limit = limit;
        this.parent = parent;
    }

    public long limit() {
        return limit;
    }

    public long used() {
        return used.get();
    }

    /**
     * Takes {@code bytes} from this quota and its parent.
     *
     * @throws IOException ("no space left") when either would go past its limit; nothing is taken then
     */
    void reserve(long bytes) throws IOException {
        if (bytes <= 0) {
            return;
        }
        long now = used.addAndGet(bytes);
        if (now > limit) {
            used.addAndGet(-bytes);
            throw new IOException("No space left on device: " + name + " is limited to " + limit + " bytes");
        }
        if (parent.isPresent()) {
            try {
                parent.get().reserve(bytes);
            } catch (IOException e) {
                used.addAndGet(-bytes);
                throw e;
            }
        }
    }

    /** Gives back {@code bytes} (a deleted or shortened file), here and in the parent. */
    void release(long bytes) {
        if (bytes <= 0) {
            return;
        }
        used.addAndGet(-bytes);
        parent.ifPresent(p -> p.release(bytes));
    }

    /** Gives back everything this quota holds (its volume is removed with its pod). */
    public void releaseAll() {
        release(used.get());
    }

    /**
     * Counts what {@code dir} holds already (an emptyDir kept from an earlier run of the pod), even past
     * the limit: the next write then fails.
     */
    public void countExisting(Path dir) throws IOException {
        long[] total = {0};
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attrs) {
                if (!directory.equals(dir)) {
                    total[0] += ENTRY_BYTES;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                total[0] += ENTRY_BYTES + (attrs.isRegularFile() ? attrs.size() : 0);
                return FileVisitResult.CONTINUE;
            }
        });
        used.addAndGet(total[0]);
        parent.ifPresent(p -> p.used.addAndGet(total[0]));
    }
}
