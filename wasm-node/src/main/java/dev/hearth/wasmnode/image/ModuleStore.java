package dev.hearth.wasmnode.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The node's wasm modules on disk, keyed by digest ({@code blobs/sha256/<hex>}, as an OCI layout
 * keeps blobs), and which modules each image reference last resolved to ({@code refs/}). A module is
 * written under a temporary name and moved into place only once its digest and size verify, so a
 * file under its digest is always exactly that content — concurrent pulls of one module just race to
 * the same bytes.
 */
public final class ModuleStore {

    /** What a reference resolved to when it was last pulled. */
    record Resolved(Digest manifest, Digest module) {}

    private final Path blobs;
    private final Path refs;

    public ModuleStore(Path root) {
        this.blobs = root.resolve("blobs").resolve("sha256");
        this.refs = root.resolve("refs");
        try {
            Files.createDirectories(blobs);
            Files.createDirectories(refs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the module cache under " + root, e);
        }
    }

    /** The module with this digest, if the node has it. */
    public Optional<Path> module(Digest digest) {
        Path file = blobs.resolve(digest.hex());
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    Optional<Resolved> resolved(ImageReference reference) {
        Path file = refs.resolve(key(reference));
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            String[] parts = Files.readString(file, StandardCharsets.US_ASCII).strip().split(" ");
            return Optional.of(new Resolved(Digest.parse(parts[0]), Digest.parse(parts[1])));
        } catch (IOException | RuntimeException e) {
            // A damaged entry only costs a pull.
            return Optional.empty();
        }
    }

    void remember(ImageReference reference, Resolved resolved) {
        write(refs.resolve(key(reference)), out -> out.write((resolved.manifest() + " " + resolved.module() + " "
                + reference + "\n").getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * Stores a module read from {@code content}, checking it is {@code size} bytes (when known) with
     * {@code digest}.
     *
     * @throws ImagePullException when the content does not verify (the registry served other bytes)
     */
    Path store(Digest digest, long size, long maxBytes, InputStream content) throws IOException {
        Path target = blobs.resolve(digest.hex());
        Path partial = Files.createTempFile(blobs, digest.hex().substring(0, 12), ".partial");
        try {
            MessageDigest sha256 = Digest.sha256();
            long written;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), sha256)) {
                written = copy(content, out, maxBytes);
            }
            Digest actual = new Digest(HexFormat.of().formatHex(sha256.digest()));
            if (!actual.equals(digest) || (size >= 0 && written != size)) {
                throw new ImagePullException(ImagePullException.Kind.INVALID, "the module's content does not match"
                        + " its digest: expected " + digest + " (" + size + " bytes), got " + actual + " (" + written
                        + " bytes)");
            }
            move(partial, target);
            return target;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static long copy(InputStream in, OutputStream out, long maxBytes) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
            if (total > maxBytes) {
                throw new ImagePullException(ImagePullException.Kind.INVALID, "the module is larger than the node's limit of "
                        + maxBytes + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private void write(Path target, Writer writer) {
        try {
            Path partial = Files.createTempFile(target.getParent(), "ref", ".partial");
            try {
                try (OutputStream out = Files.newOutputStream(partial)) {
                    writer.write(out);
                }
                move(partial, target);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A file name for a reference: its SHA-256, since references hold '/' and ':'. */
    private static String key(ImageReference reference) {
        return Digest.of(reference.toString().getBytes(StandardCharsets.UTF_8)).hex();
    }
}
