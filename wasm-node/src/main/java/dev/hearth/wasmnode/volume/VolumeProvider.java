package dev.hearth.wasmnode.volume;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.spi.FileSystemProvider;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Serves {@link VolumePath}s from the real provider, confined to the volume's directory.
 *
 * <p>Confinement: every operation first checks that the real location it names — the directories on
 * the way resolved by the operating system, symbolic links included — lies inside the volume, and a
 * symbolic link reads back as a path of this view (a relative target against the link's directory, as
 * the OS would), so a link that leads out of the volume is refused when followed, not only when the
 * module starts (Chicory 1.7.5 follows links itself, absolute ones anywhere on the node).
 *
 * <p>Writes: with no quota every change is refused with {@link AccessDeniedException} ("read-only
 * volume"); with one, new entries and file growth are counted against it ({@link VolumeQuota}).
 */
final class VolumeProvider extends FileSystemProvider {

    private static final Set<OpenOption> WRITES = Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
            StandardOpenOption.CREATE, StandardOpenOption.CREATE_NEW, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.DELETE_ON_CLOSE);

    private final FileSystemProvider real;
    private final VolumeFileSystem fileSystem;
    private final Path root;
    private final Path realRoot;
    private final Optional<VolumeQuota> quota;

    VolumeProvider(FileSystemProvider real, VolumeFileSystem fileSystem, Path root, Path realRoot,
            Optional<VolumeQuota> quota) {
        this.real = real;
        this.fileSystem = fileSystem;
        this.root = root;
        this.realRoot = realRoot;
        this.quota = quota;
    }

    private static AccessDeniedException denied(Path path) {
        return new AccessDeniedException(path.toString(), null, "read-only volume");
    }

    private static AccessDeniedException outside(Path path) {
        return new AccessDeniedException(path.toString(), null, "outside the volume");
    }

    /**
     * The real path behind {@code path}, once its directory is known to lie inside the volume: the
     * last name is not resolved (the operation may create, delete or not follow it); a link there is
     * checked by {@link #insideFollowing} where the OS would follow it.
     */
    private Path inside(Path path) throws IOException {
        Path target = VolumePath.unwrap(path).toAbsolutePath().normalize();
        if (target.equals(root) || target.equals(realRoot)) {
            return target;
        }
        Path parent = target.getParent();
        Path realParent;
        try {
            realParent = parent == null ? target : parent.toRealPath();
        } catch (NoSuchFileException e) {
            // A missing directory is inside if its nearest existing ancestor is; the operation then fails as it would.
            if (!target.startsWith(root) && !target.startsWith(realRoot)) {
                throw outside(path);
            }
            return target;
        }
        if (!realParent.startsWith(realRoot)) {
            throw outside(path);
        }
        return target;
    }

    /** {@link #inside}, and a symbolic link at the last name (which the OS would follow) must lead inside too. */
    private Path insideFollowing(Path path) throws IOException {
        Path target = inside(path);
        if (Files.isSymbolicLink(target)) {
            Path resolved;
            try {
                resolved = target.toRealPath();
            } catch (NoSuchFileException e) {
                resolved = target.getParent().toRealPath().resolve(Files.readSymbolicLink(target)).normalize();
            }
            if (!resolved.startsWith(realRoot)) {
                throw outside(path);
            }
        }
        return target;
    }

    private VolumeQuota writable(Path path) throws AccessDeniedException {
        return quota.orElseThrow(() -> denied(path));
    }

    @Override
    public String getScheme() {
        return "hearth-volume";
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new UnsupportedOperationException("volume views are made by ReadOnlyView.of and BoundedView.of");
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        throw new UnsupportedOperationException("volume views are made by ReadOnlyView.of and BoundedView.of");
    }

    @Override
    public Path getPath(URI uri) {
        throw new UnsupportedOperationException("volume views are made by ReadOnlyView.of and BoundedView.of");
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return newFileChannel(path, options, attrs);
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        Path target = options.contains(LinkOption.NOFOLLOW_LINKS) ? inside(path) : insideFollowing(path);
        if (options.stream().noneMatch(WRITES::contains)) {
            return real.newFileChannel(target, options, attrs);
        }
        VolumeQuota bytes = writable(path);
        if (options.contains(StandardOpenOption.DELETE_ON_CLOSE)) {
            throw new AccessDeniedException(path.toString(), null, "delete-on-close is not offered on a volume");
        }
        boolean creates = (options.contains(StandardOpenOption.CREATE) || options.contains(StandardOpenOption.CREATE_NEW))
                && !Files.exists(target);
        long before = creates ? 0 : existingSize(target);
        if (creates) {
            bytes.reserve(VolumeQuota.ENTRY_BYTES);
        }
        FileChannel channel;
        try {
            channel = real.newFileChannel(target, options, attrs);
        } catch (IOException | RuntimeException e) {
            if (creates) {
                bytes.release(VolumeQuota.ENTRY_BYTES);
            }
            throw e;
        }
        if (options.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
            bytes.release(before);
        }
        return new QuotaChannel(channel, bytes, options.contains(StandardOpenOption.APPEND));
    }

    private static long existingSize(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.isRegularFile() ? attributes.size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
        DirectoryStream<Path> entries = real.newDirectoryStream(insideFollowing(dir),
                entry -> filter.accept(fileSystem.wrap(entry)));
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                Iterator<Path> iterator = entries.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return iterator.hasNext();
                    }

                    @Override
                    public Path next() {
                        return fileSystem.wrap(iterator.next());
                    }
                };
            }

            @Override
            public void close() throws IOException {
                entries.close();
            }
        };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        VolumeQuota bytes = writable(dir);
        Path target = inside(dir);
        bytes.reserve(VolumeQuota.ENTRY_BYTES);
        try {
            real.createDirectory(target, attrs);
        } catch (IOException | RuntimeException e) {
            bytes.release(VolumeQuota.ENTRY_BYTES);
            throw e;
        }
    }

    /** Only links whose target lies inside the volume (what Chicory makes for a module's {@code symlink()}). */
    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        VolumeQuota bytes = writable(link);
        Path at = inside(link);
        Path to = VolumePath.unwrap(target);
        Path resolved = (to.isAbsolute() ? to : at.getParent().resolve(to)).normalize();
        if (!resolved.startsWith(root) && !resolved.startsWith(realRoot)) {
            throw outside(target);
        }
        bytes.reserve(VolumeQuota.ENTRY_BYTES);
        try {
            real.createSymbolicLink(at, to, attrs);
        } catch (IOException | RuntimeException e) {
            bytes.release(VolumeQuota.ENTRY_BYTES);
            throw e;
        }
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        writable(link);
        throw new AccessDeniedException(link.toString(), null, "hard links are not offered on a volume");
    }

    @Override
    public void delete(Path path) throws IOException {
        VolumeQuota bytes = writable(path);
        Path target = inside(path);
        BasicFileAttributes attributes = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        real.delete(target);
        bytes.release(VolumeQuota.ENTRY_BYTES + (attributes.isRegularFile() ? attributes.size() : 0));
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        writable(target);
        throw new AccessDeniedException(target.toString(), null, "copying is not offered on a volume");
    }

    /** A rename inside this volume; a move to another volume would carry bytes past both quotas. */
    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        VolumeQuota bytes = writable(source);
        if (!(target instanceof VolumePath other) || other.getFileSystem() != fileSystem) {
            throw new AtomicMoveNotSupportedException(source.toString(), target.toString(), "not in the same volume");
        }
        Path from = inside(source);
        Path to = inside(target);
        BasicFileAttributes replaced = Files.exists(to, LinkOption.NOFOLLOW_LINKS)
                ? Files.readAttributes(to, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS) : null;
        real.move(from, to, options);
        if (replaced != null) {
            bytes.release(VolumeQuota.ENTRY_BYTES + (replaced.isRegularFile() ? replaced.size() : 0));
        }
    }

    /**
     * The link's target as a path of this view: an absolute target as it is, a relative one against the
     * link's own directory (where the OS resolves it), so following it goes through this provider again.
     */
    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        Path at = inside(link);
        Path target = real.readSymbolicLink(at);
        return fileSystem.wrap(target.isAbsolute() ? target : at.getParent().resolve(target).normalize());
    }

    @Override
    public boolean isSameFile(Path path, Path other) throws IOException {
        return real.isSameFile(inside(path), inside(other));
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
        return real.isHidden(inside(path));
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
        return real.getFileStore(inside(path));
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        if (Arrays.asList(modes).contains(AccessMode.WRITE)) {
            writable(path);
        }
        real.checkAccess(insideFollowing(path), modes);
    }

    /**
     * Only the basic view, whose {@code setTimes} works on a writable volume; views that could change
     * owners or modes are not offered.
     */
    @Override
    @SuppressWarnings("unchecked")
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        if (type != BasicFileAttributeView.class) {
            return null;
        }
        return (V) new BasicFileAttributeView() {
            @Override
            public String name() {
                return "basic";
            }

            @Override
            public BasicFileAttributes readAttributes() throws IOException {
                return VolumeProvider.this.readAttributes(path, BasicFileAttributes.class, options);
            }

            @Override
            public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime) throws IOException {
                writable(path);
                real.getFileAttributeView(target(path, options), BasicFileAttributeView.class, options)
                        .setTimes(lastModifiedTime, lastAccessTime, createTime);
            }
        };
    }

    /** Where attributes are read: the volume's {@code ..} (Chicory lists it in a directory) reads as the volume, as {@code /..} is {@code /}. */
    private Path target(Path path, LinkOption... options) throws IOException {
        Path named = VolumePath.unwrap(path).toAbsolutePath().normalize();
        if (root.startsWith(named) && !named.equals(root)) {
            return realRoot;
        }
        return Arrays.asList(options).contains(LinkOption.NOFOLLOW_LINKS) ? inside(path) : insideFollowing(path);
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options) throws IOException {
        return real.readAttributes(target(path, options), type, options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        return real.readAttributes(target(path, options), attributes, options);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        throw denied(path);
    }
}
