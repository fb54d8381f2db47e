package dev.hearth.agent.build;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Pushes a wasm module to a registry as an OCI artifact over the distribution API (blobs by POST then
 * PUT, then the manifest by PUT) and reads the manifest back to verify what the registry now serves.
 * The agent pushes to its host's registry on the host-side, read-write port; clusters pull the same
 * bytes from the read-only side.
 */
public final class OciArtifactPusher {

    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** What the registry now serves: the manifest's digest and the module's (layer) digest. */
    public record Pushed(String manifestDigest, String moduleDigest) {}

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI registry;

    /** @param registry e.g. {@code http://127.0.0.1:5000} */
    public OciArtifactPusher(URI registry) {
        this.registry = registry;
    }

    /**
     * Pushes {@code wasm} to {@code repository:tag} in {@code format}.
     *
     * @throws PushException saying which step the registry refused and what it answered
     */
    public Pushed push(String repository, String tag, byte[] wasm, WasmArtifactFormat format) throws PushException,
            InterruptedException {
        String layerDigest = digest(wasm);
        byte[] config = format.config(layerDigest).getBytes(StandardCharsets.UTF_8);
        blob(repository, config);
        blob(repository, wasm);
        byte[] manifest = """
                {"schemaVersion":2,"mediaType":"%s",\
                "config":{"mediaType":"%s","digest":"%s","size":%d},\
                "layers":[{"mediaType":"%s","digest":"%s","size":%d}]}"""
                .formatted(OCI_MANIFEST, format.configType(), digest(config), config.length, format.layerType(),
                        layerDigest, wasm.length)
                .getBytes(StandardCharsets.UTF_8);
        String manifestDigest = digest(manifest);
        send(HttpRequest.newBuilder(registry.resolve("/v2/" + repository + "/manifests/" + tag))
                .header("Content-Type", OCI_MANIFEST).PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)), 201,
                "put the manifest");
        verify(repository, tag, manifestDigest);
        return new Pushed(manifestDigest, layerDigest);
    }

    /** The manifest the registry serves under the tag is the one just pushed, byte for byte. */
    private void verify(String repository, String tag, String expected) throws PushException, InterruptedException {
        HttpResponse<byte[]> read = sendForBytes(HttpRequest.newBuilder(
                registry.resolve("/v2/" + repository + "/manifests/" + tag)).header("Accept", OCI_MANIFEST).GET());
        if (read.statusCode() != 200) {
            throw new PushException("reading the manifest back answered " + read.statusCode());
        }
        String served = digest(read.body());
        if (!served.equals(expected)) {
            throw new PushException("the registry serves " + served + " under " + repository + ":" + tag
                    + ", not the pushed " + expected);
        }
    }

    private void blob(String repository, byte[] content) throws PushException, InterruptedException {
        HttpResponse<String> start = send(HttpRequest.newBuilder(registry.resolve("/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()), 202, "start a blob upload");
        URI upload = registry.resolve(start.headers().firstValue("Location")
                .orElseThrow(() -> new PushException("the registry started an upload without a Location")));
        String separator = upload.getQuery() == null ? "?" : "&";
        send(HttpRequest.newBuilder(URI.create(upload + separator + "digest=" + digest(content)))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)), 201, "upload a blob");
    }

    private HttpResponse<String> send(HttpRequest.Builder request, int expected, String step) throws PushException,
            InterruptedException {
        HttpRequest built = request.timeout(TIMEOUT).build();
        try {
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new PushException("failed to " + step + ": " + built.method() + " " + built.uri().getPath()
                        + " answered " + response.statusCode() + " " + response.body().strip());
            }
            return response;
        } catch (IOException e) {
            throw new PushException("failed to " + step + ": the registry at " + registry + " is unreachable (" + e + ")");
        }
    }

    private HttpResponse<byte[]> sendForBytes(HttpRequest.Builder request) throws PushException, InterruptedException {
        try {
            return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new PushException("failed to read the manifest back: the registry at " + registry
                    + " is unreachable (" + e + ")");
        }
    }

    /** {@code sha256:<hex>} of {@code content}, the distribution API's digest form. */
    public static String digest(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A push the registry did not accept. */
    public static final class PushException extends Exception {

        public PushException(String message) {
            super(message);
        }
    }
}
