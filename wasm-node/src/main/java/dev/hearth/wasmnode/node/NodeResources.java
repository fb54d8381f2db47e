package dev.hearth.wasmnode.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the node offers pods, measured where it runs rather than declared: the processors the JVM may
 * use (which honours a container's CPU quota), the memory of the machine or of the container's cgroup
 * limit if lower, the size of the state directory's file system, and the configured pod count.
 *
 * @param cpus processors available
 * @param memoryBytes memory available
 * @param ephemeralStorageBytes size of the file system holding logs and volumes
 * @param pods the most pods the node takes
 */
public record NodeResources(int cpus, long memoryBytes, long ephemeralStorageBytes, int pods) {

    private static final List<Path> CGROUP_MEMORY_LIMITS = List.of(
            Path.of("/sys/fs/cgroup/memory.max"), Path.of("/sys/fs/cgroup/memory/memory.limit_in_bytes"));

    public static NodeResources measure(int maxPods, Path stateDir) {
        long memory = memTotal(Path.of("/proc/meminfo")).orElse(Runtime.getRuntime().maxMemory());
        for (Path limit : CGROUP_MEMORY_LIMITS) {
            OptionalLong bytes = cgroupLimit(limit);
            if (bytes.isPresent() && bytes.getAsLong() < memory) {
                memory = bytes.getAsLong();
            }
        }
        return new NodeResources(Runtime.getRuntime().availableProcessors(), memory, storage(stateDir), maxPods);
    }

    /** {@code MemTotal:  24591236 kB} from /proc/meminfo. */
    static Optional<Long> memTotal(Path meminfo) {
        try {
            return Files.readAllLines(meminfo).stream()
                    .filter(line -> line.startsWith("MemTotal:"))
                    .map(line -> line.replaceAll("[^0-9]", ""))
                    .filter(digits -> !digits.isEmpty())
                    .map(kib -> Long.parseLong(kib) * 1024)
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A cgroup's memory limit in bytes; {@code max} (v2) or a huge number (v1) mean none. */
    static OptionalLong cgroupLimit(Path file) {
        try {
            String text = Files.readString(file).strip();
            if (text.equals("max") || text.isEmpty()) {
                return OptionalLong.empty();
            }
            long bytes = Long.parseLong(text);
            return bytes >= Long.MAX_VALUE / 2 ? OptionalLong.empty() : OptionalLong.of(bytes);
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static long storage(Path stateDir) {
        try {
            Files.createDirectories(stateDir);
            return Files.getFileStore(stateDir).getTotalSpace();
        } catch (IOException e) {
            return 0;
        }
    }
}
