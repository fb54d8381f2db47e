package dev.hearth.wasmnode.volume;

import java.io.IOException;
import java.net.URI;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Objects;

/** A path of a {@link VolumeFileSystem}: a real path, and every path derived from it wrapped again. */
final class VolumePath implements Path {

    private final VolumeFileSystem fileSystem;
    private final Path real;

    VolumePath(VolumeFileSystem fileSystem, Path real) {
        this.fileSystem = fileSystem;
        this.real = Objects.requireNonNull(real, "real");
    }

    /** The real path behind a view path (a real path given where a view path was expected stays itself). */
    static Path unwrap(Path path) {
        return path instanceof VolumePath view ? view.real : path;
    }

    private Path wrap(Path path) {
        return path == null ? null : fileSystem.wrap(path);
    }

    @Override
    public VolumeFileSystem getFileSystem() {
        return fileSystem;
    }

    @Override
    public boolean isAbsolute() {
        return real.isAbsolute();
    }

    @Override
    public Path getRoot() {
        return wrap(real.getRoot());
    }

    @Override
    public Path getFileName() {
        return wrap(real.getFileName());
    }

    @Override
    public Path getParent() {
        return wrap(real.getParent());
    }

    @Override
    public int getNameCount() {
        return real.getNameCount();
    }

    @Override
    public Path getName(int index) {
        return wrap(real.getName(index));
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
        return wrap(real.subpath(beginIndex, endIndex));
    }

    @Override
    public boolean startsWith(Path other) {
        return real.startsWith(unwrap(other));
    }

    @Override
    public boolean endsWith(Path other) {
        return real.endsWith(unwrap(other));
    }

    @Override
    public Path normalize() {
        return wrap(real.normalize());
    }

    @Override
    public Path resolve(Path other) {
        return wrap(real.resolve(unwrap(other)));
    }

    @Override
    public Path relativize(Path other) {
        return wrap(real.relativize(unwrap(other)));
    }

    /** The real location's URI: enough to name it, though {@code Path.of(uri)} would be writable — the node never does that. */
    @Override
    public URI toUri() {
        return real.toUri();
    }

    @Override
    public Path toAbsolutePath() {
        return wrap(real.toAbsolutePath());
    }

    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
        return wrap(real.toRealPath(options));
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
        throw new ProviderMismatchException("no watch service on a volume view");
    }

    @Override
    public int compareTo(Path other) {
        return real.compareTo(unwrap(other));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VolumePath view && view.real.equals(real);
    }

    @Override
    public int hashCode() {
        return real.hashCode() * 31 + 7;
    }

    @Override
    public String toString() {
        return real.toString();
    }
}
