package dev.hearth.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the host's cluster endpoint costs (issue 11: routing must add ≤ 50 ms): request → READY of
 * {@code bench.clusters} clusters one at a time, with the time of the "Routing cluster endpoint" step
 * out of it; then, on one READY cluster, {@code GET /version} with the admin client certificate through
 * the endpoint (SNI) and straight to the API server's loopback-published port, each on a new connection
 * (TLS handshake included, one curl each) and on one kept-alive connection (one curl, many URLs).
 * Not part of the suite (no Test/IT suffix): {@code bench/endpoint} runs it and reads
 * {@code target/bench/endpoint.json}.
 */
class EndpointBench {

    private static final Duration READY_WITHIN = Duration.ofMinutes(4);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @RegisterExtension
    static final SystemStack STACK = SystemStack.withDefaults();

    @Test
    @Timeout(1800)
    void endpointVersusLoopback() throws Exception {
        int clusters = Integer.getInteger("bench.clusters", 5);
        int calls = Integer.getInteger("bench.calls", 100);
        Agent agent = STACK.startAgent("bench");
        HearthApi api = STACK.api();

        // A warm-up cluster (not counted): images present, registry and endpoint running.
        String kept = api.requestCluster("endpoint-warm").id();
        api.awaitPhase(kept, Phase.READY, READY_WITHIN);
        List<Long> ready = new ArrayList<>();
        List<Long> routing = new ArrayList<>();
        for (int i = 0; i < clusters; i++) {
            String id = api.requestCluster("endpoint-" + i).id();
            api.awaitPhase(id, Phase.READY, READY_WITHIN);
            List<ClusterEvent> events = api.events(id);
            ready.add(Duration.between(events.getFirst().at(), at(events, "READY")).toMillis());
            routing.add(Duration.between(at(events, "Routing cluster endpoint"), after(events, "Routing cluster endpoint")).toMillis());
            api.deleteCluster(id);
            api.awaitPhase(id, Phase.DELETED, READY_WITHIN);
        }

        Path dir = Files.createDirectories(RunPaths.target("bench").resolve("endpoint-tls"));
        JsonNode kubeconfig = YAML.readTree(api.kubeconfig(kept));
        JsonNode cluster = kubeconfig.path("clusters").get(0).path("cluster");
        JsonNode user = kubeconfig.path("users").get(0).path("user");
        Path ca = decode(dir, "ca.crt", cluster.path("certificate-authority-data").asText());
        Path cert = decode(dir, "admin.crt", user.path("client-certificate-data").asText());
        Path key = decode(dir, "admin.key", user.path("client-key-data").asText());
        String serverName = cluster.path("tls-server-name").asText();
        int endpointPort = Integer.parseInt(agent.setting("hearth.agent.endpoint.port"));
        int loopbackPort = publishedPort(kept);
        List<String> tls = List.of("--cacert", ca.toString(), "--cert", cert.toString(), "--key", key.toString());
        // Through the endpoint: curl connects to 127.0.0.1:<endpoint port> but sends the cluster's name
        // as SNI and checks the certificate against it, as kubectl does with tls-server-name.
        List<String> viaEndpoint = new ArrayList<>(tls);
        viaEndpoint.addAll(List.of("--connect-to", serverName + ":" + endpointPort + ":127.0.0.1:" + endpointPort));
        String endpointUrl = "https://" + serverName + ":" + endpointPort + "/version";
        String loopbackUrl = "https://127.0.0.1:" + loopbackPort + "/version";

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("readyMillis", ready);
        result.put("routingStepMillis", routing);
        // Alternating, so a busy moment of the shared machine hits both paths alike.
        List<Long> newEndpoint = new ArrayList<>();
        List<Long> newLoopback = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            newEndpoint.addAll(curl(viaEndpoint, endpointUrl, 1));
            newLoopback.addAll(curl(tls, loopbackUrl, 1));
        }
        result.put("newConnectionEndpointMicros", newEndpoint);
        result.put("newConnectionLoopbackMicros", newLoopback);
        result.put("keptConnectionEndpointMicros", curl(viaEndpoint, endpointUrl, calls));
        result.put("keptConnectionLoopbackMicros", curl(tls, loopbackUrl, calls));
        api.deleteCluster(kept);
        api.awaitPhase(kept, Phase.DELETED, READY_WITHIN);

        Path file = RunPaths.target("bench").resolve("endpoint.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), result);
        System.out.println("endpoint: wrote " + file);
    }

    /** {@code count} GETs of {@code url} in one curl (one connection, kept alive); each one's total time in µs. */
    private static List<Long> curl(List<String> options, String url, int count) {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--fail", "-w", "%{time_total}\\n"));
        command.addAll(options);
        for (int i = 0; i < count; i++) {
            command.addAll(List.of("-o", "/dev/null", url));
        }
        String out = Scripts.ok(command, Duration.ofMinutes(2));
        return Arrays.stream(out.strip().split("\\s+")).map(s -> Math.round(Double.parseDouble(s) * 1_000_000)).toList();
    }

    private static java.time.Instant at(List<ClusterEvent> events, String stepOrPhase) {
        return events.stream().filter(e -> stepOrPhase.equals(e.step()) || stepOrPhase.equals(String.valueOf(e.phase())))
                .map(ClusterEvent::at).findFirst()
                .orElseThrow(() -> new AssertionError("no event '" + stepOrPhase + "' in " + events));
    }

    /** When the event after the step's happened: the step's end. */
    private static java.time.Instant after(List<ClusterEvent> events, String step) {
        for (int i = 0; i < events.size() - 1; i++) {
            if (step.equals(events.get(i).step())) {
                return events.get(i + 1).at();
            }
        }
        throw new AssertionError("no event after '" + step + "' in " + events);
    }

    private static int publishedPort(String clusterId) {
        for (Container container : STACK.docker().containersOfCluster(clusterId)) {
            if ("control-plane".equals(container.getLabels().get(DockerObjects.ROLE))) {
                for (ContainerPort port : container.getPorts()) {
                    if (port.getPrivatePort() != null && port.getPrivatePort() == 6443 && port.getPublicPort() != null) {
                        return port.getPublicPort();
                    }
                }
            }
        }
        throw new AssertionError("no published API server port of cluster " + clusterId);
    }

    private static Path decode(Path dir, String name, String base64) throws Exception {
        return Files.write(dir.resolve(name), Base64.getDecoder().decode(base64));
    }
}
