package dev.hearth.backend.testing;

import dev.hearth.protocol.AgentMessage;
import dev.hearth.protocol.AgentMessageCodec;
import dev.hearth.protocol.Capacity;
import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.Credentials;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.Hello;
import dev.hearth.protocol.ObservedPhase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The agent's side of the channel as the tests speak it: the JDK's WebSocket client sending and
 * reading real protocol messages through the shared codec. It is the backend's protocol peer, not a
 * stand-in for any part of Hearth.
 */
public final class ProtocolPeer implements AutoCloseable {

    public static final AgentMessageCodec CODEC = new AgentMessageCodec();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The upgrade was answered with an HTTP status instead of a WebSocket. */
    public static final class Refused extends RuntimeException {
        public final int status;

        Refused(int status) {
            super("upgrade refused with HTTP " + status);
            this.status = status;
        }
    }

    private final BlockingQueue<AgentMessage> inbox = new LinkedBlockingQueue<>();
    /** When set, tunnel frames go here instead of the inbox (an agent stand-in serving tunnels). */
    private volatile java.util.function.Consumer<AgentMessage> tunnels;
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private ProtocolPeer(URI endpoint, String authorization) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        try {
            socket = builder.buildAsync(endpoint, new Listener()).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                throw new Refused(h.getResponse().statusCode());
            }
            throw e;
        }
    }

    /** Connects to the backend at {@code base} (its HTTP root) with {@code Authorization: <authorization>}. */
    public static ProtocolPeer connect(URI base, String authorization) {
        URI endpoint = URI.create(base.toString().replaceFirst("^http", "ws").replaceAll("/$", "") + "/agent/v1/connect");
        return new ProtocolPeer(endpoint, authorization);
    }

    /**
     * Connects as {@code host}'s agent and says hello as an agent starting up does (2 cores, 8 GiB, 20
     * clusters); returns once the backend has sent it its first desired set.
     */
    public static ProtocolPeer online(URI base, HostFixtures.EnrolledHost host, Duration timeout) {
        ProtocolPeer peer = connect(base, host.bearer());
        peer.send(new Hello(host.name(), "test-agent/1.0", new Capacity(2, 8192L * 1024 * 1024, 20)));
        peer.next(DesiredClusters.class, timeout);
        return peer;
    }

    /**
     * Once the backend wants {@code clusterId} on this host, reports it provisioned as an agent would: its
     * admin kubeconfig, then READY with its API server at {@code server} (a real one: kube-harness' ControlPlane).
     */
    public void reportReady(String clusterId, String kubeconfig, String server, Duration timeout) {
        long generation = desiredWith(clusterId, true, timeout).clusters().stream().filter(c -> c.id().equals(clusterId))
                .findFirst().orElseThrow().generation();
        send(new Credentials(clusterId, kubeconfig));
        send(new ClusterObserved(clusterId, generation, ObservedPhase.READY, null, server, null));
    }

    public void send(AgentMessage message) {
        sendText(CODEC.encode(message));
    }

    /** Sends {@code text} as it is: what a broken or hostile agent may send, which no message record would encode. */
    public synchronized void sendText(String text) {
        socket.sendText(text, true).join();
    }

    /**
     * Hands every tunnel frame the backend sends ({@code TunnelOpen}, {@code TunnelData}, {@code TunnelAck},
     * {@code TunnelClose}) to {@code handler}, on the socket's thread, instead of the inbox.
     */
    public void serveTunnels(java.util.function.Consumer<AgentMessage> handler) {
        this.tunnels = handler;
    }

    /** The next message of {@code type}, skipping others. */
    public <T extends AgentMessage> T next(Class<T> type, Duration timeout) {
        return next(type, m -> true, timeout);
    }

    public <T extends AgentMessage> T next(Class<T> type, Predicate<T> matching, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        try {
            while (true) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                AgentMessage message = left <= 0 ? null : inbox.poll(left, TimeUnit.MILLISECONDS);
                if (message == null) {
                    throw new AssertionError("no matching " + type.getSimpleName() + " within " + timeout.toMillis() + " ms");
                }
                if (type.isInstance(message) && matching.test(type.cast(message))) {
                    return type.cast(message);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The next desired set that holds (or, with {@code present} false, no longer holds) {@code clusterId}. */
    public DesiredClusters desiredWith(String clusterId, boolean present, Duration timeout) {
        return next(DesiredClusters.class,
                d -> d.clusters().stream().anyMatch(c -> c.id().equals(clusterId)) == present, timeout);
    }

    /** The close code the backend sent. */
    public int awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the backend did not close the connection within " + timeout.toMillis() + " ms", e);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "test done").exceptionally(e -> null);
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                AgentMessage message = CODEC.decode(partial.toString());
                var handler = tunnels;
                if (handler != null && (message instanceof dev.hearth.protocol.TunnelOpen || message instanceof dev.hearth.protocol.TunnelData
                        || message instanceof dev.hearth.protocol.TunnelAck || message instanceof dev.hearth.protocol.TunnelClose)) {
                    handler.accept(message);
                } else {
                    inbox.add(message);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
