package dev.hearth.agent.endpoint;

import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The endpoint proxy's HAProxy configuration, rendered from the routes alone (pure, so equal routes
 * give equal text and the agent reloads only when something changed).
 *
 * <p>TCP mode: the proxy reads the TLS ClientHello's SNI and forwards the bytes untouched, so the
 * client's certificate reaches the API server, which authenticates it. A name without a route, a
 * connection that is not TLS, or one that sends no ClientHello within the inspect delay is closed.
 */
public final class EndpointConfig {

    /** Cluster ids and server names are DNS labels; anything else must never reach the file. */
    private static final Pattern SAFE = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?");

    private EndpointConfig() {
    }

    /**
     * @param hostId the host this endpoint serves, for the file's header
     * @param listenAddress the address to bind ({@code 0.0.0.0}: every IPv4 address)
     * @param port the one endpoint port
     */
    public static String render(String hostId, String listenAddress, int port, List<EndpointRoute> routes) {
        List<EndpointRoute> sorted = routes.stream().sorted(Comparator.comparing(EndpointRoute::clusterId)).toList();
        StringBuilder cfg = new StringBuilder();
        cfg.append("# Written by the Hearth worker agent of host ").append(hostId)
                .append("; rewritten (and reloaded) whenever its clusters come and go.\n");
        cfg.append("""
                global
                    master-worker
                    # Two descriptors a connection: within the file-descriptor limit Docker gives an unprivileged process.
    maxconn 4000
                    # Workers left by a reload serve their open connections (kubectl logs -f, watches) at most this long.
                    hard-stop-after 30m

                defaults
                    mode tcp
                    timeout connect 5s
                    timeout client 1h
                    timeout server 1h
                    timeout client-fin 30s

                frontend clusters
                """);
        cfg.append("    bind ").append(listenAddress).append(':').append(port).append('\n');
        cfg.append("""
                    tcp-request inspect-delay 5s
                    tcp-request content reject unless { req.ssl_hello_type 1 }
                """);
        for (EndpointRoute route : sorted) {
            cfg.append("    use_backend cluster-").append(safe(route.clusterId()))
                    .append(" if { req.ssl_sni -i ").append(safe(route.serverName())).append(" }\n");
        }
        cfg.append("    default_backend unknown-cluster\n\n");
        cfg.append("# No server: a name without a route gets its connection closed.\nbackend unknown-cluster\n");
        for (EndpointRoute route : sorted) {
            cfg.append("\nbackend cluster-").append(safe(route.clusterId())).append('\n')
                    .append("    server api-server 127.0.0.1:").append(route.loopbackPort()).append('\n');
        }
        return cfg.toString();
    }

    private static String safe(String name) {
        if (!SAFE.matcher(name).matches()) {
            throw new IllegalArgumentException("not a DNS name, refused in the endpoint configuration: " + name);
        }
        return name;
    }
}
