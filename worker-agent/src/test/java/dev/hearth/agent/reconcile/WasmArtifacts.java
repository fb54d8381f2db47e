package dev.hearth.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/** Wasm modules for WASI node tests, pushed to a test host's registry as wasm-to-oci artifacts. */
public final class WasmArtifacts {

    private WasmArtifacts() {
    }

    /** wasm-node's WASI probe: prints a line on stdout and one on stderr and exits 0 when given no args. */
    static byte[] probe() throws IOException {
        return Files.readAllBytes(repositoryRoot().resolve("wasm-node/src/test/resources/wasm/probe.wasm"));
    }

    /** Pushes a module in the wasm-to-oci format (Krustlet's) over the distribution API. */
    public static void pushWasmToOci(int registryPort, String repository, String tag, byte[] wasm) throws Exception {
        URI registry = URI.create("http://127.0.0.1:" + registryPort);
        HttpClient http = HttpClient.newHttpClient();
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        for (byte[] blob : List.of(config, wasm)) {
            HttpResponse<String> start = http.send(HttpRequest.newBuilder(registry.resolve("/v2/" + repository + "/blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            URI upload = registry.resolve(start.headers().firstValue("Location").orElseThrow());
            String url = upload + (upload.getQuery() == null ? "?" : "&") + "digest=" + digest(blob);
            int status = http.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(blob)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
            assertThat(status).as("blob upload").isEqualTo(201);
        }
        String manifest = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
                 "config":{"mediaType":"application/vnd.wasm.config.v1+json","digest":"%s","size":%d},
                 "layers":[{"mediaType":"application/vnd.wasm.content.layer.v1+wasm","digest":"%s","size":%d}]}"""
                .formatted(digest(config), config.length, digest(wasm), wasm.length);
        int status = http.send(HttpRequest.newBuilder(registry.resolve("/v2/" + repository + "/manifests/" + tag))
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString(manifest)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        assertThat(status).as("manifest upload").isEqualTo(201);
    }

    private static String digest(byte[] content) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    public static Path repositoryRoot() throws IOException {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("wasm-node"))) {
                return dir;
            }
        }
        throw new IOException("no wasm-node/ above " + Path.of("").toAbsolutePath());
    }
}
