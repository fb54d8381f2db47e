package dev.hearth.backend.testing;

import dev.hearth.protocol.AgentMessage;
import dev.hearth.protocol.TunnelAck;
import dev.hearth.protocol.TunnelClose;
import dev.hearth.protocol.TunnelData;
import dev.hearth.protocol.TunnelOpen;
import dev.hearth.protocol.TunnelTarget;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The agent's side of app tunnels for backend tests whose agent is a {@link ProtocolPeer}: it opens an
 * {@code Http} tunnel to the first address and port named {@code http} of the Service's Endpoints in the
 * test's real kube-apiserver, and pipes bytes both ways (acknowledging what it wrote, closing when the app
 * does). The real agent's side, which also refuses anything outside the cluster, is worker-agent's
 * AppTunnelsIT; this stands in for it as the protocol peer stands in for the agent.
 */
public final class AppTunnelPeer {

    private final ProtocolPeer peer;
    private final Supplier<KubernetesClient> cluster;
    private final Map<String, Socket> open = new ConcurrentHashMap<>();
    /** The test's class loader: the socket's threads have the JDK's, under which fabric8 finds no HTTP client. */
    private final ClassLoader loader = Thread.currentThread().getContextClassLoader();

    private AppTunnelPeer(ProtocolPeer peer, Supplier<KubernetesClient> cluster) {
        this.peer = peer;
        this.cluster = cluster;
    }

    /** Makes {@code peer} serve app tunnels into {@code cluster} (a new admin client each time; closed after use). */
    public static AppTunnelPeer serve(ProtocolPeer peer, Supplier<KubernetesClient> cluster) {
        AppTunnelPeer served = new AppTunnelPeer(peer, cluster);
        peer.serveTunnels(served::on);
        return served;
    }

    private void on(AgentMessage message) {
        switch (message) {
            case TunnelOpen request when request.target() instanceof TunnelTarget.Http http ->
                    Thread.ofVirtual().start(() -> {
                        Thread.currentThread().setContextClassLoader(loader);
                        open(request, http);
                    });
            case TunnelData data -> {
                Socket socket = open.get(data.tunnelId());
                if (socket != null && data.bytes().length > 0) {
                    try {
                        socket.getOutputStream().write(data.bytes());
                        peer.send(new TunnelAck(data.tunnelId(), data.bytes().length));
                    } catch (IOException e) {
                        close(data.tunnelId(), "the connection to the app failed");
                    }
                }
            }
            case TunnelClose close -> {
                Socket socket = open.remove(close.tunnelId());
                if (socket != null) {
                    quietly(socket);
                }
            }
            default -> {
            }
        }
    }

    private void open(TunnelOpen request, TunnelTarget.Http target) {
        InetSocketAddress address;
        try (KubernetesClient kubernetes = cluster.get()) {
            Endpoints endpoints = kubernetes.endpoints().inNamespace(target.namespace()).withName(target.service()).get();
            address = endpoints == null ? null : endpoints.getSubsets().stream()
                    .filter(subset -> subset.getAddresses() != null && !subset.getAddresses().isEmpty())
                    .flatMap(subset -> subset.getPorts().stream().filter(p -> target.portName().equals(p.getName()))
                            .map(port -> address(subset, port)))
                    .findFirst().orElse(null);
        }
        if (address == null) {
            peer.send(new TunnelClose(request.tunnelId(), TunnelTarget.Http.NOT_READY + "Service " + target.namespace() + "/"
                    + target.service() + " has no ready endpoint"));
            return;
        }
        Socket socket = new Socket();
        try {
            socket.connect(address, 5000);
        } catch (IOException e) {
            peer.send(new TunnelClose(request.tunnelId(), TunnelTarget.Http.NOT_READY + "nothing listens at " + address));
            return;
        }
        open.put(request.tunnelId(), socket);
        long seq = 0;
        peer.send(new TunnelData(request.tunnelId(), seq++, new byte[0]));
        byte[] buffer = new byte[TunnelData.MAX_BYTES];
        try (InputStream in = socket.getInputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                // Tests' answers are small: the window is not waited for here.
                peer.send(new TunnelData(request.tunnelId(), seq++, Arrays.copyOf(buffer, read)));
            }
        } catch (IOException e) {
            // Closed by the backend's TunnelClose.
        }
        close(request.tunnelId(), "the app closed the connection");
    }

    private static InetSocketAddress address(EndpointSubset subset, EndpointPort port) {
        EndpointAddress first = subset.getAddresses().getFirst();
        return new InetSocketAddress(first.getIp(), port.getPort());
    }

    private void close(String tunnelId, String reason) {
        Socket socket = open.remove(tunnelId);
        if (socket != null) {
            quietly(socket);
            peer.send(new TunnelClose(tunnelId, reason));
        }
    }

    private static void quietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all that is left.
        }
    }
}
