package dev.hearth.system;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * A packaged worker agent ({@code worker-agent/target/quarkus-app}) as a process with a host identity
 * of its own: its host id (enrolled through the admin API), its token, its registry container name
 * and port (docs/architecture.md, "Names and labels": several agents on one engine). It can be killed and started again.
 */
public final class Agent {

    private final String hostId;
    private final int registryPort;
    private final URI healthUrl;
    private final ManagedProcess process;
    private final Map<String, String> settings;

    private Agent(String hostId, int registryPort, URI healthUrl, ManagedProcess process, Map<String, String> settings) {
        this.settings = Map.copyOf(settings);
        this.hostId = hostId;
        this.registryPort = registryPort;
        this.healthUrl = healthUrl;
        this.process = process;
    }

    static Agent create(String hostId, String token, Backend backend, Map<String, String> overrides) {
        int registryPort = FreePorts.next();
        int httpPort = FreePorts.next();
        Map<String, String> properties = new HashMap<>();
        properties.put("hearth.agent.host-id", hostId);
        properties.put("hearth.agent.token", token);
        properties.put("hearth.agent.backend-url", backend.url().toString());
        properties.put("hearth.agent.registry.name", "hearth-registry-" + hostId);
        properties.put("hearth.agent.registry.port", Integer.toString(registryPort));
        properties.put("hearth.agent.images.control-plane", NodeImages.controlPlane());
        properties.put("hearth.agent.images.registry", NodeImages.registry());
        NodeImages.wasiNode().ifPresent(ref -> properties.put("hearth.agent.images.wasi-node", ref));
        NodeImages.builder().ifPresent(ref -> properties.put("hearth.agent.images.builder", ref));
        NodeImages.toolbox().ifPresent(ref -> properties.put("hearth.agent.images.toolbox", ref));
        // Each host its own cluster endpoint (on the host network, so its own port), as ./hearth up runs it.
        NodeImages.endpoint().ifPresent(ref -> {
            properties.put("hearth.agent.images.endpoint", ref);
            properties.put("hearth.agent.endpoint.name", "hearth-endpoint-" + hostId);
            properties.put("hearth.agent.endpoint.port", Integer.toString(FreePorts.next()));
        });
        // The build cache's default is relative to the working directory: keep it in target/, not the source tree.
        properties.put("hearth.agent.build.cache-dir", RunPaths.target("build-cache").resolve(hostId).toString());
        properties.put("quarkus.http.host", "127.0.0.1");
        properties.put("quarkus.http.port", Integer.toString(httpPort));
        // Quick to come back after the tests cut the connection, quick to retry a failure.
        properties.put("hearth.agent.reconnect.initial", "250ms");
        properties.put("hearth.agent.reconnect.max", "2s");
        properties.put("hearth.agent.reconcile.failure-backoff", "2s");
        properties.putAll(overrides);
        ManagedProcess process = new ManagedProcess("agent " + hostId,
                JavaCommand.of(RunPaths.quarkusApp("worker-agent"), "256m", properties),
                RunPaths.logs().resolve("agent-" + hostId + ".log"));
        return new Agent(hostId, registryPort, URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"), process,
                properties);
    }

    /** The {@code dev.hearth.host} label on everything it creates, and its host's name in the backend. */
    public String hostId() {
        return hostId;
    }

    /** One of the settings it runs with, e.g. {@code hearth.agent.endpoint.port}. */
    public String setting(String name) {
        String value = settings.get(name);
        if (value == null) {
            throw new IllegalStateException("agent " + hostId + " runs without " + name);
        }
        return value;
    }

    /** Host side of its registry: {@code localhost:<port>}. */
    public int registryPort() {
        return registryPort;
    }

    /** The agent's own readiness endpoint, where an operator sees whether its Docker engine answers. */
    public URI healthUrl() {
        return healthUrl;
    }

    public void start() {
        process.start();
    }

    /** {@code kill -9}. */
    public void kill() {
        process.kill();
    }

    /** SIGTERM, as an operator stopping the service. */
    public void stop() {
        process.stop();
    }

    public boolean alive() {
        return process.alive();
    }

    ManagedProcess process() {
        return process;
    }
}
