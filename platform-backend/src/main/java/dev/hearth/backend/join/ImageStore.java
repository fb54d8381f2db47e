package dev.hearth.backend.join;

import dev.hearth.backend.problem.NotFoundProblem;
import dev.hearth.backend.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The images hosts fetch from the platform, content-addressed: {@code node-image/export-images.sh}
 * writes each role's {@code docker save} tarball once per image to {@code blobs/sha256/<hex>} and lists
 * them in {@code index} ({@code <role> <ref> <image id> sha256:<hex> <bytes>} a line). Read on every
 * request, so a new export is served at once without a restart.
 */
@ApplicationScoped
public class ImageStore {

    /** The only digest form accepted, so a request can never name a path outside the blobs. */
    static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    private final ImageStoreSettings settings;

    public ImageStore(ImageStoreSettings settings) {
        this.settings = settings;
    }

    /** Every image in the index; a store that is not configured or not filled yet is a 503 that says how. */
    public List<StoredImage> images() {
        Path index = store().resolve("index");
        if (!Files.isRegularFile(index)) {
            throw unavailable("the image store " + store() + " has no index yet; run node-image/export-images.sh "
                    + store() + " on the platform's machine (docs/operations.md, \"Adding a host\")");
        }
        List<StoredImage> images = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(index)) {
                String[] f = line.strip().split("\\s+");
                if (f.length == 5 && DIGEST.matcher(f[3]).matches()) {
                    images.add(new StoredImage(f[0], f[1], f[2], f[3], Long.parseLong(f[4])));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + index, e);
        }
        return images;
    }

    /** The tarball of an image the index lists; anything else, however it is spelt, is a 404. */
    public Path blob(String digest) {
        if (!DIGEST.matcher(digest).matches() || images().stream().noneMatch(i -> i.digest().equals(digest))) {
            throw new NotFoundProblem("image", digest);
        }
        Path blob = store().resolve("blobs").resolve("sha256").resolve(digest.substring("sha256:".length()));
        if (!Files.isRegularFile(blob)) {
            throw new NotFoundProblem("image", digest);
        }
        return blob;
    }

    private Path store() {
        return settings.storeDir().orElseThrow(() -> unavailable(
                "this portal serves no images: hearth.images.store-dir is not set (docs/operations.md, \"Adding a host\")"));
    }

    private static ProblemException unavailable(String detail) {
        return new ProblemException(503, "no-image-store", "No image store", detail);
    }
}
