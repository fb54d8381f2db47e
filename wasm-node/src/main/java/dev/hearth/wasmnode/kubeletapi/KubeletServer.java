package dev.hearth.wasmnode.kubeletapi;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.hearth.wasmnode.bootstrap.ServingIdentity;
import dev.hearth.wasmnode.logs.ContainerLogStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * The kubelet API the API server calls (docs/wasm-node.md): {@code GET /healthz} and
 * {@code GET /containerLogs/{namespace}/{pod}/{container}}, over HTTPS on the port the Node
 * advertises. Clients authenticate with a certificate the cluster CA issued — the API server uses its
 * {@code kubelet-client} certificate — and are authorized by the API server ({@link ClientAuthorizer}). The JDK's own HTTPS
 * server keeps the node's runtime small; each request gets a virtual thread, since a followed log
 * holds its request open for as long as the container runs.
 */
public final class KubeletServer implements AutoCloseable {

    private final HttpsServer server;
    private final ServingKeyManager keys;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    private KubeletServer(HttpsServer server, ServingKeyManager keys) {
        this.server = server;
        this.keys = keys;
    }

    /**
     * Starts the server.
     *
     * @param port the port, 0 for any free one
     * @param clusterCa the CAs whose client certificates are accepted
     * @param authorizer whether a client, known by its certificate, may read pods' logs
     */
    public static KubeletServer start(InetSocketAddress address, ServingIdentity identity, List<X509Certificate> clusterCa,
            Predicate<X509Certificate> authorizer, ContainerLogStore logs, Clock clock) throws IOException {
        var keys = new ServingKeyManager(identity);
        HttpsServer server = HttpsServer.create(address, 64);
        server.setHttpsConfigurator(new HttpsConfigurator(sslContext(keys, clusterCa)) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                // Wanted, not needed: /healthz answers anyone; /containerLogs checks for a verified certificate.
                ssl.setWantClientAuth(true);
                parameters.setSSLParameters(ssl);
            }
        });
        var kubelet = new KubeletServer(server, keys);
        server.createContext("/healthz", exchange -> text(exchange, 200, "ok"));
        server.createContext("/containerLogs/", new ContainerLogsHandler(logs, authorizer, clock));
        server.createContext("/", exchange -> Problems.send(exchange, 404, "Not Found",
                "this WASI node serves /healthz and /containerLogs/{namespace}/{pod}/{container} only"));
        server.setExecutor(kubelet.executor);
        server.start();
        return kubelet;
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Serves {@code identity} from the next connection on (the cluster issued the serving certificate). */
    public void use(ServingIdentity identity) {
        keys.use(identity);
    }

    public ServingIdentity identity() {
        return keys.identity();
    }

    private static SSLContext sslContext(ServingKeyManager keys, List<X509Certificate> clusterCa) throws IOException {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            for (int i = 0; i < clusterCa.size(); i++) {
                trusted.setCertificateEntry("cluster-ca-" + i, clusterCa.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keys}, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("failed to set up TLS for the kubelet API", e);
        }
    }

    static void text(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
