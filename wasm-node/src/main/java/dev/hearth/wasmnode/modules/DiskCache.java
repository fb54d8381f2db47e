package dev.hearth.wasmnode.modules;

import com.dylibso.chicory.compiler.Cache;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Chicory's compiled-module cache on the node's disk: one file per module digest holding the
 * generated classes, written under a temporary name and moved into place, so a reader sees a whole
 * entry or none. Counts its stores, which are exactly the compilations it saw.
 */
final class DiskCache implements Cache {

    private final Path dir;
    private final AtomicLong stores = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();

    DiskCache(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    @Override
    public byte[] get(String key) throws IOException {
        try {
            byte[] entry = Files.readAllBytes(file(key));
            hits.incrementAndGet();
            return entry;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public void putIfAbsent(String key, byte[] data) throws IOException {
        stores.incrementAndGet();
        Path target = file(key);
        if (Files.exists(target)) {
            return;
        }
        Path partial = Files.createTempFile(dir, "compiled", ".partial");
        try {
            Files.write(partial, data);
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (FileAlreadyExistsException e) {
            // Another start of the same module stored it first; equal content.
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    long stores() {
        return stores.get();
    }

    long hits() {
        return hits.get();
    }

    /** Chicory's keys are digests with characters unfit for file names; their SHA-256 is. */
    private Path file(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(hash) + ".classes");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
