package dev.hearth.wasmnode.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Gets a container's wasm module onto the node: from the cache when its {@code imagePullPolicy}
 * allows, else from the registry (its mirror first, when the cluster config names one), following an
 * index to the WASI platform's manifest and that to its wasm layer, verifying every digest. Both wasm
 * artifact formats are accepted; a container image without a wasm layer is refused with the layer
 * types it has. Thread-safe; one per node.
 */
public final class ImagePuller {

    /** A manifest bigger than this is not a wasm artifact's (the distribution spec suggests 4 MiB). */
    static final int MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
    static final long DEFAULT_MAX_MODULE_BYTES = 256L * 1024 * 1024;

    private final PullSettings settings;
    private final ModuleStore store;
    private final HttpClient http;
    private final Duration timeout;
    private final long maxModuleBytes;

    public ImagePuller(PullSettings settings, ModuleStore store, HttpClient http, Duration timeout, long maxModuleBytes) {
        this.settings = settings;
        this.store = store;
        this.http = http;
        this.timeout = timeout;
        this.maxModuleBytes = maxModuleBytes;
    }

    /** A puller with the node's defaults: HTTP/1.1, 10 s to connect, 30 s per request, modules up to 256 MiB. */
    public static ImagePuller create(PullSettings settings, Path cacheDir) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new ImagePuller(settings, new ModuleStore(cacheDir), http, Duration.ofSeconds(30), DEFAULT_MAX_MODULE_BYTES);
    }

    /**
     * Pulls a container's image as its pod spec names it.
     *
     * @param image the container's {@code image}
     * @param pullPolicy its {@code imagePullPolicy}, possibly empty
     * @throws ImagePullException saying why, in words fit for the pod's status
     */
    public PulledModule pull(String image, String pullPolicy, PullSecrets secrets) {
        ImageReference reference;
        PullPolicy policy;
        try {
            reference = ImageReference.parse(image);
            policy = PullPolicy.of(pullPolicy, reference);
        } catch (IllegalArgumentException e) {
            throw new ImagePullException(ImagePullException.Kind.INVALID, e.getMessage(), e);
        }
        return pull(reference, policy, secrets);
    }

    public PulledModule pull(ImageReference image, PullPolicy policy, PullSecrets secrets) {
        if (policy != PullPolicy.ALWAYS) {
            Optional<PulledModule> cached = cached(image);
            if (cached.isPresent()) {
                return cached.get();
            }
            if (policy == PullPolicy.NEVER) {
                throw new ImagePullException(ImagePullException.Kind.NEVER_PULL, "Container image \"" + image
                        + "\" is not present with pull policy of Never");
            }
        }
        List<URI> endpoints = settings.endpoints(image.registry());
        List<ImagePullException> failures = new ArrayList<>();
        for (URI endpoint : endpoints) {
            try {
                return pullFrom(endpoint, image, secrets);
            } catch (ImagePullException e) {
                failures.add(e);
            }
        }
        throw failed(image, endpoints, failures);
    }

    private Optional<PulledModule> cached(ImageReference image) {
        return store.resolved(image).flatMap(resolved -> store.module(resolved.module())
                .map(file -> new PulledModule(image, resolved.manifest(), resolved.module(), file, false)));
    }

    private PulledModule pullFrom(URI endpoint, ImageReference image, PullSecrets secrets) {
        Optional<RegistryCredentials> credentials = secrets.forRegistry(authority(endpoint))
                .or(() -> secrets.forRegistry(image.registry()));
        RegistrySession session = new RegistrySession(http, endpoint, image.repository(), credentials, timeout);
        String what = image.toString();
        RegistrySession.Fetched fetched = session.manifest(image.manifestReference(), MAX_MANIFEST_BYTES);
        Digest manifestDigest = Digest.of(fetched.body());
        image.digest().ifPresent(pinned -> verify(pinned, manifestDigest, what));
        Manifest manifest = Manifest.parse(fetched.body(), fetched.contentType(), what);
        if (manifest instanceof Manifest.Index index) {
            Descriptor entry = index.wasmEntry().orElseThrow(() -> new ImagePullException(ImagePullException.Kind.INVALID,
                    what + " is an index with no wasi/wasm platform (it has " + platforms(index) + ")"));
            fetched = session.manifest(entry.digest().toString(), MAX_MANIFEST_BYTES);
            verify(entry.digest(), Digest.of(fetched.body()), what);
            manifest = Manifest.parse(fetched.body(), fetched.contentType(), what);
        }
        if (!(manifest instanceof Manifest.Image artifact)) {
            throw new ImagePullException(ImagePullException.Kind.INVALID, what + ": an index's entry is another index");
        }
        Descriptor layer = wasmLayer(artifact, what);
        Path file;
        boolean downloaded = false;
        Optional<Path> present = store.module(layer.digest());
        if (present.isPresent()) {
            file = present.get();
        } else {
            file = download(session, layer, what);
            downloaded = true;
        }
        store.remember(image, new ModuleStore.Resolved(manifestDigest, layer.digest()));
        return new PulledModule(image, manifestDigest, layer.digest(), file, downloaded);
    }

    private Descriptor wasmLayer(Manifest.Image artifact, String what) {
        Descriptor layer = artifact.layers().stream()
                .filter(candidate -> MediaTypes.WASM_LAYERS.contains(candidate.mediaType()))
                .findFirst()
                .orElseThrow(() -> new ImagePullException(ImagePullException.Kind.INVALID, what
                        + " holds no wasm module: its layers are " + artifact.layers().stream().map(Descriptor::mediaType)
                                .collect(Collectors.joining(", ", "[", "]"))
                        + ", a WASI node needs one of " + MediaTypes.WASM_LAYERS));
        if (layer.size() > maxModuleBytes) {
            throw new ImagePullException(ImagePullException.Kind.INVALID, what + ": its module is " + layer.size()
                    + " bytes, more than the node's limit of " + maxModuleBytes);
        }
        return layer;
    }

    private Path download(RegistrySession session, Descriptor layer, String what) {
        try (InputStream content = session.blob(layer.digest())) {
            return store.store(layer.digest(), layer.size(), maxModuleBytes, content);
        } catch (IOException e) {
            throw new ImagePullException(ImagePullException.Kind.UNREACHABLE, what + ": the download of " + layer.digest()
                    + " from " + session.endpoint() + " broke off: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new ImagePullException(ImagePullException.Kind.UNREACHABLE, what + ": " + e.getMessage(), e);
        }
    }

    private static void verify(Digest expected, Digest actual, String what) {
        if (!expected.equals(actual)) {
            throw new ImagePullException(ImagePullException.Kind.INVALID, what + ": the registry served a manifest with"
                    + " digest " + actual + " for " + expected);
        }
    }

    /**
     * The error for a pull that failed everywhere: the registry's own answer first (the last endpoint
     * is the registry itself), then what its mirror said.
     */
    private static ImagePullException failed(ImageReference image, List<URI> endpoints, List<ImagePullException> failures) {
        ImagePullException origin = failures.getLast();
        StringBuilder detail = new StringBuilder(origin.getMessage());
        for (int i = 0; i < failures.size() - 1; i++) {
            detail.append("; mirror ").append(endpoints.get(i)).append(": ").append(failures.get(i).getMessage());
        }
        ImagePullException failure = new ImagePullException(origin.kind(), "failed to pull " + image + ": " + detail,
                detail.toString(), origin);
        failures.subList(0, failures.size() - 1).forEach(failure::addSuppressed);
        return failure;
    }

    private static String platforms(Manifest.Index index) {
        return index.manifests().stream().map(entry -> entry.platform().orElse("no platform"))
                .collect(Collectors.joining(", "));
    }

    private static String authority(URI endpoint) {
        return endpoint.getPort() < 0 ? endpoint.getHost() : endpoint.getHost() + ":" + endpoint.getPort();
    }
}
