package dev.hearth.wasmnode.volume;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.LinkOption;
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
import java.util.Set;

/**
 * Serves {@link ReadOnlyPath}s from the real provider, refusing every operation that would change
 * anything with {@link AccessDeniedException} ("read-only volume").
 */
final class ReadOnlyProvider extends FileSystemProvider {

    private static final Set<OpenOption> WRITES = Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
            StandardOpenOption.CREATE, StandardOpenOption.CREATE_NEW, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.DELETE_ON_CLOSE);

    private final FileSystemProvider real;

    ReadOnlyProvider(FileSystemProvider real) {
        this.real = real;
    }

    private static AccessDeniedException denied(Path path) {
        return new AccessDeniedException(path.toString(), null, "read-only volume");
    }

    private static Path real(Path path) {
        return ReadOnlyPath.unwrap(path);
    }

    private static void requireRead(Path path, Set<? extends OpenOption> options) throws AccessDeniedException {
        if (options.stream().anyMatch(WRITES::contains)) {
            throw denied(path);
        }
    }

    @Override
    public String getScheme() {
        return "hearth-read-only";
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new UnsupportedOperationException("read-only views are made by ReadOnlyView.of");
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        throw new UnsupportedOperationException("read-only views are made by ReadOnlyView.of");
    }

    @Override
    public Path getPath(URI uri) {
        throw new UnsupportedOperationException("read-only views are made by ReadOnlyView.of");
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        requireRead(path, options);
        return real.newByteChannel(real(path), options, attrs);
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        requireRead(path, options);
        return real.newFileChannel(real(path), options, attrs);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
        ReadOnlyFileSystem fileSystem = ((ReadOnlyPath) dir).getFileSystem();
        DirectoryStream<Path> entries = real.newDirectoryStream(real(dir), entry -> filter.accept(fileSystem.wrap(entry)));
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
        throw denied(dir);
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
        throw denied(link);
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        throw denied(link);
    }

    @Override
    public void delete(Path path) throws IOException {
        throw denied(path);
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        throw denied(target);
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        throw denied(source);
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        return real.readSymbolicLink(real(link));
    }

    @Override
    public boolean isSameFile(Path path, Path other) throws IOException {
        return real.isSameFile(real(path), real(other));
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
        return real.isHidden(real(path));
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
        return real.getFileStore(real(path));
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        if (Arrays.asList(modes).contains(AccessMode.WRITE)) {
            throw denied(path);
        }
        real.checkAccess(real(path), modes);
    }

    /** Only the basic view, whose {@code setTimes} is refused; views that could change owners or modes are not offered. */
    @Override
    @SuppressWarnings("unchecked")
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        if (type != BasicFileAttributeView.class) {
            return null;
        }
        BasicFileAttributeView view = real.getFileAttributeView(real(path), BasicFileAttributeView.class, options);
        return (V) new BasicFileAttributeView() {
            @Override
            public String name() {
                return view.name();
            }

            @Override
            public BasicFileAttributes readAttributes() throws IOException {
                return view.readAttributes();
            }

            @Override
            public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime) throws IOException {
                throw denied(path);
            }
        };
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options) throws IOException {
        return real.readAttributes(real(path), type, options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        return real.readAttributes(real(path), attributes, options);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        throw denied(path);
    }
}
