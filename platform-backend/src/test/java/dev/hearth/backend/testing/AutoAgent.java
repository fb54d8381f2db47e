package dev.hearth.backend.testing;

import dev.hearth.backend.testing.HostFixtures.EnrolledHost;
import dev.hearth.protocol.Capacity;
import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.Hello;
import dev.hearth.protocol.ObservedPhase;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A host's agent that converges at once, for the page tests: enrolled through the API, online over
 * the real agent channel, and answering every desired set as a worker agent would — each new
 * cluster through two provisioning steps to READY, each cluster that left the set DELETED. It speaks
 * the shared protocol to the real hub; only the Docker work behind the reports is left out.
 */
public final class AutoAgent implements AutoCloseable {

    private static final long MIB = 1024L * 1024;

    private final ProtocolPeer peer;
    private final Thread loop;
    private volatile boolean running = true;

    private AutoAgent(ProtocolPeer peer) {
        this.peer = peer;
        this.loop = Thread.ofVirtual().name("auto-agent").start(this::converge);
    }

    public static AutoAgent online(URI backend, HostFixtures hosts, String name) {
        EnrolledHost host = hosts.enrol(name);
        ProtocolPeer peer = ProtocolPeer.connect(backend, host.bearer());
        peer.send(new Hello(host.name(), "auto-agent/1.0", new Capacity(2, 16_384 * MIB, 40)));
        return new AutoAgent(peer);
    }

    private void converge() {
        Map<String, Long> held = new HashMap<>();
        while (running) {
            DesiredClusters desired;
            try {
                desired = peer.next(DesiredClusters.class, Duration.ofMillis(500));
            } catch (AssertionError quiet) {
                continue;
            }
            Set<String> wanted = new HashSet<>();
            for (DesiredCluster c : desired.clusters()) {
                wanted.add(c.id());
                if (!Long.valueOf(c.generation()).equals(held.get(c.id()))) {
                    held.put(c.id(), c.generation());
                    peer.send(new ClusterObserved(c.id(), c.generation(), ObservedPhase.PROVISIONING, "Starting etcd", null, null));
                    peer.send(new ClusterObserved(c.id(), c.generation(), ObservedPhase.PROVISIONING, "Starting API server", null, null));
                    peer.send(new ClusterObserved(c.id(), c.generation(), ObservedPhase.READY, null, "https://127.0.0.1:46443", null));
                }
            }
            for (String gone : Set.copyOf(held.keySet())) {
                if (!wanted.contains(gone)) {
                    peer.send(new ClusterObserved(gone, held.remove(gone), ObservedPhase.DELETED, null, null, null));
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            loop.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        peer.close();
    }
}
