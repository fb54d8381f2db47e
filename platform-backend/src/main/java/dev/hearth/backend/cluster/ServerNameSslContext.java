package dev.hearth.backend.cluster;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An initialised {@link SSLContext} whose engines send a fixed TLS server name (SNI): a kubeconfig's
 * {@code tls-server-name}, which the host's cluster endpoint routes by (docs/operations.md, "Cluster
 * endpoints"). The certificate is still checked against the URL's host, an address the API server's
 * certificate carries.
 */
final class ServerNameSslContext extends SSLContext {

    ServerNameSslContext(SSLContext initialised, String serverName) {
        super(new Spi(initialised, new SNIHostName(serverName)), initialised.getProvider(), initialised.getProtocol());
    }

    private static final class Spi extends SSLContextSpi {

        private final SSLContext delegate;
        private final SNIHostName serverName;

        Spi(SSLContext delegate, SNIHostName serverName) {
            this.delegate = delegate;
            this.serverName = serverName;
        }

        @Override
        protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random) throws KeyManagementException {
            throw new KeyManagementException("already initialised: it wraps an initialised context");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            throw new UnsupportedOperationException("only SSLEngines carry the server name");
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            throw new UnsupportedOperationException("a client context");
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return named(delegate.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return named(delegate.createSSLEngine(host, port));
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return delegate.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return delegate.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return delegate.getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return delegate.getSupportedSSLParameters();
        }

        private SSLEngine named(SSLEngine engine) {
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setServerNames(List.of(serverName));
            engine.setSSLParameters(parameters);
            return engine;
        }
    }
}
