package dev.hearth.wasmnode.image;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Pushes wasm artifacts the way wasm-to-oci, ORAS and Docker do, over the distribution API: blobs by
 * POST then PUT, then the manifest (and an index) by PUT. Test-only; the node itself only pulls.
 * Public and in the module's test jar: the system tests push their demo modules with it too.
 */
public final class OciPusher {

    /** What was pushed: the manifest's digest and the module's (layer) digest. */
    public record Pushed(Digest manifest, long manifestSize, Digest module) {}

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI registry;
    private final Optional<RegistryCredentials> credentials;

    public OciPusher(URI registry) {
        this(registry, Optional.empty());
    }

    OciPusher(URI registry, Optional<RegistryCredentials> credentials) {
        this.registry = registry;
        this.credentials = credentials;
    }

    /** The wasm-to-oci format Krustlet pulled: OCI manifest, wasm-to-oci config and layer types. */
    public Pushed wasmToOci(String repository, String tag, byte[] wasm) {
        return artifact(repository, tag, wasm, MediaTypes.OCI_MANIFEST, MediaTypes.WASM_TO_OCI_CONFIG, "{}",
                MediaTypes.WASM_TO_OCI_LAYER);
    }

    /** The CNCF TAG-Runtime wasm artifact: {@code application/wasm} layer, v0 config with os and architecture. */
    public Pushed cncfArtifact(String repository, String tag, byte[] wasm) {
        String config = "{\"architecture\":\"wasm\",\"os\":\"wasip1\",\"layerDigests\":[\"" + Digest.of(wasm) + "\"]}";
        return artifact(repository, tag, wasm, MediaTypes.OCI_MANIFEST, MediaTypes.WASM_CONFIG, config, MediaTypes.WASM_LAYER);
    }

    /** Any manifest type, config and layer type: e.g. a Docker v2 manifest, or a container image's layer. */
    Pushed artifact(String repository, String tag, byte[] layer, String manifestType, String configType, String config,
            String layerType) {
        byte[] configBytes = config.getBytes(StandardCharsets.UTF_8);
        Digest configDigest = blob(repository, configBytes);
        Digest layerDigest = blob(repository, layer);
        String manifest = """
                {"schemaVersion":2,"mediaType":"%s",
                 "config":{"mediaType":"%s","digest":"%s","size":%d},
                 "layers":[{"mediaType":"%s","digest":"%s","size":%d}]}"""
                .formatted(manifestType, configType, configDigest, configBytes.length, layerType, layerDigest, layer.length);
        byte[] bytes = manifest.getBytes(StandardCharsets.UTF_8);
        manifest(repository, tag, manifestType, bytes);
        return new Pushed(Digest.of(bytes), bytes.length, layerDigest);
    }

    /** An index (OCI or Docker manifest list) of already pushed manifests, each with its {@code os/architecture}. */
    Digest index(String repository, String tag, String indexType, String entryType, Pushed first, String firstPlatform,
            Pushed second, String secondPlatform) {
        String json = """
                {"schemaVersion":2,"mediaType":"%s","manifests":[%s,%s]}"""
                .formatted(indexType, entry(entryType, first, firstPlatform), entry(entryType, second, secondPlatform));
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        manifest(repository, tag, indexType, bytes);
        return Digest.of(bytes);
    }

    private static String entry(String type, Pushed pushed, String platform) {
        String[] parts = platform.split("/");
        return "{\"mediaType\":\"%s\",\"digest\":\"%s\",\"size\":%d,\"platform\":{\"os\":\"%s\",\"architecture\":\"%s\"}}"
                .formatted(type, pushed.manifest(), pushed.manifestSize(), parts[0], parts[1]);
    }

    Digest blob(String repository, byte[] content) {
        Digest digest = Digest.of(content);
        HttpResponse<String> start = send(HttpRequest.newBuilder(registry.resolve("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()), 202);
        String location = start.headers().firstValue("Location").orElseThrow();
        URI upload = registry.resolve(location);
        String separator = upload.getQuery() == null ? "?" : "&";
        send(HttpRequest.newBuilder(URI.create(upload + separator + "digest=" + digest))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)), 201);
        return digest;
    }

    void manifest(String repository, String reference, String mediaType, byte[] body) {
        send(HttpRequest.newBuilder(registry.resolve("/v2/" + repository + "/manifests/" + reference))
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)), 201);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, int expected) {
        credentials.ifPresent(c -> request.header("Authorization", c.basic()));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException("push step " + request.build().method() + " " + request.build().uri()
                        + " answered " + response.statusCode() + ": " + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
