package dev.hearth.wasmnode.logs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Where container logs live on the node: {@code <root>/<namespace>_<pod>_<uid>/<container>/<run>.log},
 * one file set per run (the restart count), the current run and the one before it kept — what
 * {@code kubectl logs} and {@code kubectl logs --previous} read.
 */
public final class ContainerLogStore {

    private final Path root;
    private final LogLimits limits;
    private final Clock clock;
    private final Map<Path, ContainerLog> live = new ConcurrentHashMap<>();
    private final Map<String, String> podUids = new ConcurrentHashMap<>();

    public ContainerLogStore(Path root, LogLimits limits, Clock clock) {
        this.root = root;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Starts the log of a container's run {@code run}, removing runs older than the one before it.
     * The caller closes it when the run ends.
     */
    public ContainerLog open(String namespace, String pod, String uid, String container, int run) {
        podUids.put(namespace + "/" + pod, uid);
        Path dir = root.resolve(namespace + "_" + pod + "_" + uid).resolve(container);
        runs(dir).filter(old -> old < run - 1).forEach(old -> ContainerLog.files(runFile(dir, old), limits.maxFiles())
                .forEach(ContainerLogStore::delete));
        Path file = runFile(dir, run);
        ContainerLog log = new ContainerLog(file, limits, clock);
        live.put(file, log);
        return log;
    }

    /**
     * The log of a container of a pod, as {@code kubectl logs} asks for it by name.
     *
     * @param previous the run before the latest, as {@code --previous}
     */
    public Optional<LogSource> find(String namespace, String pod, String container, boolean previous) {
        Optional<Path> dir = podDir(namespace, pod).map(podDir -> podDir.resolve(container)).filter(Files::isDirectory);
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        List<Integer> runs = runs(dir.get()).sorted(Comparator.reverseOrder()).toList();
        int index = previous ? 1 : 0;
        if (runs.size() <= index) {
            return Optional.empty();
        }
        Path file = runFile(dir.get(), runs.get(index));
        ContainerLog running = live.get(file);
        if (running != null && !running.ended()) {
            return Optional.of(new LogSource.Live(running));
        }
        live.remove(file);
        return Optional.of(new LogSource.Finished(ContainerLog.files(file, limits.maxFiles())));
    }

    /** Forgets a deleted pod's logs, as the kubelet removes a pod's log directory with the pod. */
    public void removePod(String namespace, String pod, String uid) {
        podUids.remove(namespace + "/" + pod, uid);
        Path dir = root.resolve(namespace + "_" + pod + "_" + uid);
        live.keySet().removeIf(file -> file.startsWith(dir));
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(ContainerLogStore::delete);
            } catch (IOException e) {
                throw new UncheckedIOException("failed to remove the logs of pod " + namespace + "/" + pod, e);
            }
        }
    }

    /** The pod's directory: the uid this node runs under that name, else the newest one on disk (after a restart). */
    private Optional<Path> podDir(String namespace, String pod) {
        String uid = podUids.get(namespace + "/" + pod);
        if (uid != null) {
            return Optional.of(root.resolve(namespace + "_" + pod + "_" + uid));
        }
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        String prefix = namespace + "_" + pod + "_";
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(dir -> dir.getFileName().toString().startsWith(prefix)
                            && dir.getFileName().toString().indexOf('_', prefix.length()) < 0)
                    .max(Comparator.comparing(ContainerLogStore::modified));
        } catch (IOException e) {
            throw new UncheckedIOException("failed to list " + root, e);
        }
    }

    private static Stream<Integer> runs(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.matches("\\d+\\.log"))
                    .map(name -> Integer.parseInt(name.substring(0, name.length() - ".log".length())))
                    .toList()
                    .stream();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to list " + dir, e);
        }
    }

    private static Path runFile(Path dir, int run) {
        return dir.resolve(run + ".log");
    }

    private static long modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to delete " + path, e);
        }
    }
}
