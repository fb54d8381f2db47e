package dev.hearth.agent.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Compiled modules by their inputs — the builder image's id, the language and the source — so the
 * same source is pushed again without compiling (a rerun of the guided demo, a class of participants
 * building the same hello-world). Bounded on disk: the least recently used go first.
 */
final class BuildCache {

    private final Path dir;
    private final long maxBytes;
    private final Clock clock;

    BuildCache(Path dir, long maxBytes, Clock clock) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    static String key(String builderImageId, String language, byte[] source) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((builderImageId + "\n" + language + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(source);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The module compiled from these inputs before, if still kept; a hit counts as a use. */
    synchronized Optional<byte[]> get(String key) {
        Path file = dir.resolve(key + ".wasm");
        try {
            byte[] module = Files.readAllBytes(file);
            Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
            return Optional.of(module);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Keeps {@code module}; a cache that cannot write only costs a later compile, so failures are ignored. */
    synchronized void put(String key, byte[] module) {
        if (module.length > maxBytes) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path temporary = Files.createTempFile(dir, key, ".part");
            Files.write(temporary, module);
            Files.move(temporary, dir.resolve(key + ".wasm"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            evict();
        } catch (IOException e) {
            // Not kept: the next build of this source compiles again.
        }
    }

    private void evict() throws IOException {
        List<Path> modules;
        try (Stream<Path> files = Files.list(dir)) {
            modules = files.filter(file -> file.toString().endsWith(".wasm"))
                    .sorted(Comparator.comparing(BuildCache::lastModified).reversed()).toList();
        }
        long total = 0;
        for (Path module : modules) {
            total += Files.size(module);
            if (total > maxBytes) {
                Files.deleteIfExists(module);
            }
        }
    }

    private static FileTime lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
