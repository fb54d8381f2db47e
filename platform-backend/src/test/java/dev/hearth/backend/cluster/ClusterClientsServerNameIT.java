package dev.hearth.backend.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.harness.Kubeconfigs;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend reaches a cluster the way a participant's kubectl does: a kubeconfig naming the host's
 * endpoint address with the cluster's name as {@code tls-server-name} makes {@link ClusterClients}
 * send that name as SNI (fabric8's own Vert.x client would not), which is all the endpoint routes by.
 * A real TLS server on loopback records the name each ClientHello carried.
 */
@Timeout(60)
class ClusterClientsServerNameIT {

    @TempDir
    static Path dir;
    static Vertx vertx;
    static SSLServerSocket server;
    static String caPem;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        Path keystore = dir.resolve("server.p12");
        // keytool from the running JDK: a self-signed certificate for 127.0.0.1, as an API server's has.
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        run(keytool.toString(), "-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "secret",
                "-alias", "server", "-keyalg", "EC", "-dname", "CN=test-api-server", "-ext", "SAN=ip:127.0.0.1", "-validity", "2");
        run(keytool.toString(), "-exportcert", "-rfc", "-keystore", keystore.toString(), "-storepass", "secret",
                "-alias", "server", "-file", dir.resolve("ca.pem").toString());
        caPem = Files.readString(dir.resolve("ca.pem"));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, "secret".toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, "secret".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aKubeconfigsTlsServerNameIsSentAsSni() throws Exception {
        CompletableFuture<List<SNIServerName>> sent = answerOnce();
        ClusterClients clients = new ClusterClients(Clock.systemUTC(), vertx);

        var namespaces = clients.of(kubeconfig("  tls-server-name: hearth-c42-control-plane\n"), Duration.ofSeconds(5))
                .namespaces().list();

        assertThat(namespaces.getItems()).isEmpty();
        assertThat(sent.get(10, TimeUnit.SECONDS)).extracting(name -> new String(name.getEncoded(), StandardCharsets.US_ASCII))
                .containsExactly("hearth-c42-control-plane");
        clients.closeAll();
    }

    @Test
    void withoutOneNoNameIsSentForAnAddress() throws Exception {
        CompletableFuture<List<SNIServerName>> sent = answerOnce();
        ClusterClients clients = new ClusterClients(Clock.systemUTC(), vertx);

        clients.of(kubeconfig(""), Duration.ofSeconds(5)).namespaces().list();

        assertThat(sent.get(10, TimeUnit.SECONDS)).isEmpty();
        clients.closeAll();
    }

    /** Accepts one connection, records the SNI of its handshake, answers one empty NamespaceList. */
    private static CompletableFuture<List<SNIServerName>> answerOnce() {
        return CompletableFuture.supplyAsync(() -> {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                socket.startHandshake();
                List<SNIServerName> names = ((ExtendedSSLSession) socket.getSession()).getRequestedServerNames();
                InputStream in = socket.getInputStream();
                var head = new ByteArrayOutputStream();
                while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    head.write(b);
                }
                byte[] body = "{\"kind\":\"NamespaceList\",\"apiVersion\":\"v1\",\"metadata\":{},\"items\":[]}"
                        .getBytes(StandardCharsets.US_ASCII);
                OutputStream out = socket.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                        + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                return names;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * A kubeconfig of the only form the backend accepts (CA, client certificate and key: docs/security.md),
     * trusting this test's server, with {@code tls-server-name} when given.
     */
    private static String kubeconfig(String tlsServerName) {
        String base = Kubeconfigs.standalone("https://127.0.0.1:" + server.getLocalPort());
        String serverCa = Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.US_ASCII));
        return base.replaceFirst("(?m)^(\\s*)certificate-authority-data: .*$",
                "$1certificate-authority-data: " + serverCa + (tlsServerName.isEmpty() ? "" : "\n$1" + tlsServerName.strip()));
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
