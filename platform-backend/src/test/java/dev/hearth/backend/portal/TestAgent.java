package dev.hearth.backend.portal;

import dev.hearth.backend.testing.HostFixtures;
import dev.hearth.backend.testing.HostFixtures.EnrolledHost;
import dev.hearth.backend.testing.ProtocolPeer;
import dev.hearth.protocol.Capacity;
import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.Credentials;
import dev.hearth.protocol.Hello;
import dev.hearth.protocol.ObservedPhase;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A host's agent as the page tests need it: enrolled through the API, online over the real agent
 * channel (a WebSocket speaking the shared protocol), and reporting what the test tells it to — so
 * the backend applies each report exactly as it would a worker agent's.
 */
final class TestAgent implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final long MIB = 1024L * 1024;

    private final EnrolledHost host;
    private final ProtocolPeer peer;
    private final Map<String, Long> generations = new HashMap<>();

    private TestAgent(EnrolledHost host, ProtocolPeer peer) {
        this.host = host;
        this.peer = peer;
    }

    static TestAgent online(URI backend, HostFixtures hosts, String name) {
        EnrolledHost host = hosts.enrol(name);
        ProtocolPeer peer = ProtocolPeer.connect(backend, host.bearer());
        peer.send(new Hello(host.name(), "portal-test-agent/1.0", new Capacity(2, 8192 * MIB, 10)));
        return new TestAgent(host, peer);
    }

    String hostName() {
        return host.name();
    }

    /** Waits until the backend has placed {@code clusterId} here, as a real agent learns of its work. */
    TestAgent receives(String clusterId) {
        long generation = peer.desiredWith(clusterId, true, WAIT).clusters().stream()
                .filter(c -> c.id().equals(clusterId)).findFirst().orElseThrow().generation();
        generations.put(clusterId, generation);
        return this;
    }

    TestAgent step(String clusterId, String step) {
        return report(clusterId, ObservedPhase.PROVISIONING, step, null, null);
    }

    TestAgent failed(String clusterId, String step, String reason) {
        return report(clusterId, ObservedPhase.FAILED, step, null, reason);
    }

    TestAgent ready(String clusterId, String apiEndpoint, String kubeconfig) {
        credentials(clusterId, kubeconfig);
        return report(clusterId, ObservedPhase.READY, null, apiEndpoint, null);
    }

    TestAgent credentials(String clusterId, String kubeconfig) {
        peer.send(new Credentials(clusterId, kubeconfig));
        return this;
    }

    private TestAgent report(String clusterId, ObservedPhase phase, String step, String apiEndpoint, String message) {
        Long generation = generations.get(clusterId);
        if (generation == null) {
            throw new IllegalStateException("cluster " + clusterId + " was not placed on " + host.name() + "; call receives first");
        }
        peer.send(new ClusterObserved(clusterId, generation, phase, step, apiEndpoint, message));
        return this;
    }

    @Override
    public void close() {
        peer.close();
    }
}
