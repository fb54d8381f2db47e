package dev.hearth.wasmnode.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Where the API server finds the node: its {@code InternalIP} (the API server prefers it to reach
 * kubelets) and {@code Hostname}.
 *
 * @param internalIp the address the kubelet API listens on for the API server
 * @param hostname the node's host name; the node name, which is unique in its cluster
 */
public record NodeAddresses(InetAddress internalIp, String hostname) {

    /**
     * The configured address, or else the local address of the route to the API server — on the
     * cluster network, the one the API server can reach back.
     */
    public static NodeAddresses discover(Optional<String> configuredIp, String apiServer, String nodeName) {
        try {
            if (configuredIp.isPresent()) {
                return new NodeAddresses(InetAddress.getByName(configuredIp.get()), nodeName);
            }
            URI server = URI.create(apiServer);
            int port = server.getPort() == -1 ? 443 : server.getPort();
            // Connecting a UDP socket sends nothing; it only asks the kernel which source address it would use.
            try (var socket = new DatagramSocket()) {
                socket.connect(new InetSocketAddress(InetAddress.getByName(server.getHost()), port));
                return new NodeAddresses(socket.getLocalAddress(), nodeName);
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve the node's address: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to find the node's address on the route to " + apiServer, e);
        }
    }

    /** The names the kubelet API's serving certificate is for. */
    public List<String> dnsNames() {
        return List.of(hostname);
    }

    public List<InetAddress> ips() {
        return List.of(internalIp);
    }
}
