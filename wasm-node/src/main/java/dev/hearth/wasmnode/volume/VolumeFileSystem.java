package dev.hearth.wasmnode.volume;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * The file system of a volume as a module sees it ({@link ReadOnlyView}, {@link BoundedView}): the real
 * one, seen through {@link VolumeProvider}, confined to one directory, read-only or writable within a
 * {@link VolumeQuota}.
 */
final class VolumeFileSystem extends FileSystem {

    private final FileSystem real;
    private final VolumeProvider provider;
    private final Optional<VolumeQuota> quota;

    /**
     * @param root the volume's directory; nothing outside it is reached through this file system
     * @param quota what writes may take; empty: read-only
     */
    VolumeFileSystem(Path root, Optional<VolumeQuota> quota) throws IOException {
        this.real = root.getFileSystem();
        this.quota = quota;
        this.provider = new VolumeProvider(real.provider(), this, root.toAbsolutePath().normalize(), root.toRealPath(), quota);
    }

    VolumePath wrap(Path path) {
        return new VolumePath(this, path);
    }

    @Override
    public FileSystemProvider provider() {
        return provider;
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("a volume view cannot be closed");
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return quota.isEmpty();
    }

    @Override
    public String getSeparator() {
        return real.getSeparator();
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        return () -> StreamSupport.stream(real.getRootDirectories().spliterator(), false).map(root -> (Path) wrap(root)).iterator();
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return real.getFileStores();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return real.supportedFileAttributeViews();
    }

    @Override
    public Path getPath(String first, String... more) {
        return wrap(real.getPath(first, more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        PathMatcher matcher = real.getPathMatcher(syntaxAndPattern);
        return path -> matcher.matches(VolumePath.unwrap(path));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        return real.getUserPrincipalLookupService();
    }

    @Override
    public WatchService newWatchService() throws IOException {
        throw new UnsupportedOperationException("no watch service on a volume view");
    }
}
