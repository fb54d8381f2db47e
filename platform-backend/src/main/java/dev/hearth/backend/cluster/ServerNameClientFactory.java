package dev.hearth.backend.cluster;

import io.fabric8.kubernetes.client.vertx.VertxHttpClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.vertx.core.Vertx;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

/**
 * fabric8's Vert.x HTTP client on Quarkus's own Vert.x, sending a kubeconfig's {@code tls-server-name}
 * as SNI. fabric8 7.5 reads that field into its kubeconfig model but its Vert.x client does not send it,
 * and the host's endpoint routes by nothing else.
 */
final class ServerNameClientFactory extends VertxHttpClientFactory {

    private final Vertx vertx;
    private final String serverName;

    ServerNameClientFactory(Vertx vertx, String serverName) {
        super(vertx);
        this.vertx = vertx;
        this.serverName = serverName;
    }

    @Override
    public VertxHttpClientBuilder<VertxHttpClientFactory> newBuilder() {
        return new VertxHttpClientBuilder<>(this, vertx) {
            @Override
            public VertxHttpClientBuilder<VertxHttpClientFactory> sslContext(KeyManager[] keys, TrustManager[] trust) {
                super.sslContext(keys, trust);
                // Derived clients (watches, log streams) copy this field, so they send the name too.
                this.sslContext = new ServerNameSslContext(this.sslContext, serverName);
                return this;
            }
        };
    }
}
