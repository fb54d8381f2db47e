package dev.hearth.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A second machine joins with the command the enrolment answer shows (docs/operations.md "Adding a
 * host"): a network namespace with its own Docker engine ({@link SecondHost}) runs the command; it
 * fetches the agent and node images from the platform — nothing is built there — and runs the agent
 * from its image; the scheduler gives it a cluster, which a participant's laptop on another link uses
 * with stock kubectl through the host's endpoint ({@link RemoteLaptop}), and whose network reaches neither the platform nor the
 * host's own listeners (the agent confines it, as on the local host); stopping its engine (which stops the agent with it)
 * marks it UNREACHABLE and its cluster LOST within 60 s; draining it sends new clusters to the other host,
 * and once drained and empty it is retired, after which its token fetches nothing.
 *
 * <p>Backend settings: heartbeat timeout 20 s (the default) and a lost grace of 30 s (the default is
 * 40 s: docs/operations.md explains the choice), checked every 2 s. The builder image is left out of the
 * export to keep the copy short; it is optional for a host (builds only).
 */
@Timeout(1200)
class HostJoinSystemIT {

    private static final Duration JOIN_WITHIN = Duration.ofMinutes(10);
    private static final Duration ONLINE_WITHIN = Duration.ofSeconds(60);
    private static final Duration READY_WITHIN = Duration.ofMinutes(4);
    private static final Duration LOST_WITHIN = Duration.ofSeconds(60);
    private static final int PORT = FreePorts.next();
    private static final Path STORE = RunPaths.target("host-join-image-store");
    /** Tools a host must never need: the install script finds these first on its PATH, and they tell on it. */
    private static final List<String> FORBIDDEN_TOOLS = List.of("go", "mvn", "javac", "java", "jlink");

    @RegisterExtension
    @Order(1)
    static final SecondHost HOST = new SecondHost();

    @RegisterExtension
    @Order(2)
    static final RemoteLaptop LAPTOP = new RemoteLaptop(HOST);

    @RegisterExtension
    @Order(3)
    static final SystemStack STACK = SystemStack.withBackendSettings(Map.of(
            "quarkus.http.host", HOST.platformAddress(),
            "quarkus.http.port", Integer.toString(PORT),
            "hearth.public-url", "http://" + HOST.platformAddress() + ":" + PORT,
            "hearth.images.store-dir", STORE.toString(),
            "hearth.hosts.heartbeat-timeout", "20s",
            "hearth.hosts.lost-grace", "30s",
            "hearth.hosts.check-every", "2s"));

    private static Agent first;
    /** role -> image id on the platform's engine, for the roles exported. */
    private static final Map<String, String> EXPORTED = new LinkedHashMap<>();
    private static final Map<String, String> REFS = new HashMap<>();

    @BeforeAll
    static void platformWithOneHostAndAnImageStore() {
        first = STACK.startAgent("one");
        StringBuilder lines = new StringBuilder();
        NodeImages.all().forEach((role, ref) -> {
            if (!role.equals("builder")) {
                lines.append(role).append('=').append(ref).append('\n');
                REFS.put(role, ref);
                EXPORTED.put(role, Scripts.ok(List.of("docker", "image", "inspect", "-f", "{{.Id}}", ref), Duration.ofSeconds(30)).strip());
            }
        });
        assertThat(EXPORTED).containsKeys("agent", "control-plane", "registry", "wasm-node", "endpoint");
        Path refs = RunPaths.target("tmp").resolve("host-join-refs.env");
        write(refs, lines.toString());
        Scripts.ok(List.of("sh", "-c", "exec " + RunPaths.root().resolve("node-image/export-images.sh") + " " + STORE + " <" + refs),
                Duration.ofMinutes(10));
    }

    @AfterAll
    static void removeStore() {
        try (Stream<Path> all = Files.exists(STORE) ? Files.walk(STORE) : Stream.empty()) {
            all.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aSecondMachineJoinsByCommandReceivesAClusterIsLostWithItsEngineAndRetires() throws IOException {
        HearthApi api = STACK.api();
        Map<String, String> measured = new LinkedHashMap<>();
        String name = "hj-two-" + HOST.namespace();
        HostState enrolled = api.enrolHost(name);
        assertThat(enrolled.joinCommand()).isEqualTo(" curl -fsSL http://" + HOST.platformAddress() + ":" + PORT
                + "/agent/v1/install.sh | HEARTH_JOIN_TOKEN=" + enrolled.agentToken() + " sh");

        // The documented command, inside the second host's namespace, against its engine.
        Instant joinStarted = Instant.now();
        Scripts.Result join = Scripts.run(HOST.inNamespace(List.of("sh", "-c", enrolled.joinCommand())), joinEnvironment(),
                JOIN_WITHIN);
        write(RunPaths.logs().resolve("install-" + name + ".log"), join.stderr() + join.stdout());
        assertThat(join.exitCode()).as("the join command's exit; its output:\n%s", join.stderr()).isZero();
        measured.put("join command (fetch + load images, start agent)", seconds(joinStarted));
        Waits.until("host " + name + " to be ONLINE", ONLINE_WITHIN, () -> api.host(name).status(), "ONLINE"::equals);
        measured.put("fresh host -> ONLINE", seconds(joinStarted));

        // Its images came from the platform: the very image ids, and nothing else in its engine; nothing was built.
        assertThat(HOST.dir().resolve("forbidden-tools-used")).as("a build tool the host must not need was run").doesNotExist();
        for (Map.Entry<String, String> role : EXPORTED.entrySet()) {
            String there = Scripts.ok(HOST.docker("image", "inspect", "-f", "{{.Id}}", REFS.get(role.getKey())), Duration.ofSeconds(30))
                    .strip();
            assertThat(there).as("image id of %s on the second host", role.getKey()).isEqualTo(role.getValue());
        }
        Set<String> present = Arrays.stream(Scripts.ok(HOST.docker("image", "ls", "-q", "--no-trunc"), Duration.ofSeconds(30))
                .split("\n")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        assertThat(Set.copyOf(EXPORTED.values())).as("images on the second host").containsAll(present);
        assertThat(Scripts.ok(HOST.docker("ps", "--filter", "name=hearth-agent", "--format", "{{.Image}} {{.Status}}"),
                Duration.ofSeconds(30))).startsWith(REFS.get("agent") + " Up");

        // With the first host drained, the scheduler's only choice is the new one.
        api.call("POST", "/api/v1/hosts/" + api.host(first.hostId()).id() + "/drain", null, 200);
        ClusterState onSecond = api.requestCluster("on-second");
        Instant requested = Instant.now();
        ClusterState ready = api.awaitPhase(onSecond.id(), Phase.READY, READY_WITHIN);
        measured.put("cluster request -> READY on the new host", seconds(requested));
        measured.put("fresh host -> first cluster READY", seconds(joinStarted));
        assertThat(ready.host()).isEqualTo(name);
        assertThat(ready.apiEndpoint()).as("the host's one endpoint port at its address (its endpoint image came with the join)")
                .isEqualTo("https://" + HOST.hostAddress() + ":6443");

        // A participant's laptop on another link, routed to the joined host through this machine, uses the
        // cluster there with stock kubectl and the kubeconfig as downloaded: through the host's SNI endpoint.
        Path kubeconfig = RunPaths.target("tmp").resolve(onSecond.id() + "-laptop-kubeconfig.yaml");
        write(kubeconfig, api.kubeconfig(onSecond.id()));
        Kubectl fromLaptop = Kubectl.inNetworkNamespace(LAPTOP.namespace(), kubeconfig);
        Waits.until("the WASI node Ready, as kubectl on the laptop lists it", READY_WITHIN, () -> {
            Scripts.Result nodes = Scripts.run(fromLaptop.command("get", "nodes", "-l", "type=krustlet", "--no-headers"),
                    Duration.ofSeconds(45));
            if (nodes.exitCode() != 0) {
                throw new IllegalStateException("kubectl on the laptop: " + nodes.stderr().strip());
            }
            return nodes.stdout();
        }, nodes -> nodes.contains(" Ready "));
        measured.put("fresh host -> node Ready from a laptop", seconds(joinStarted));

        // Its cluster network is confined as the local host's are (docs/security.md, "Participant's cluster
        // and the host's network"): from the cluster's API server, only its own network answers.
        int endpointPort = URI.create(ready.apiEndpoint()).getPort();
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put("own-registry", "hearth-registry/5000");
        targets.put("platform-portal", HOST.platformAddress() + "/" + PORT);
        targets.put("host-endpoint", HOST.hostAddress() + "/" + endpointPort);
        assertThat(reachable(HOST.inNamespace(List.of("bash", "-c", probeScript(targets)))))
                .as("the same targets from the host itself").containsEntry("platform-portal", "OPEN")
                .containsEntry("host-endpoint", "OPEN");
        assertThat(reachable(HOST.docker("exec", "hearth-" + onSecond.id() + "-control-plane", "bash", "-c", probeScript(targets))))
                .as("what the cluster's API server reaches on the joined host")
                .isEqualTo(Map.of("own-registry", "OPEN", "platform-portal", "CLOSED", "host-endpoint", "CLOSED"));

        // Draining the second host sends the next cluster to the first; the second keeps its own.
        api.call("DELETE", "/api/v1/hosts/" + api.host(first.hostId()).id() + "/drain", null, 200);
        String secondId = api.host(name).id();
        JsonNode drained = api.call("POST", "/api/v1/hosts/" + secondId + "/drain", null, 200);
        assertThat(drained.path("scheduling").asText()).isEqualTo("DRAINED");
        ClusterState elsewhere = api.requestCluster("elsewhere");
        ClusterState placed = Waits.until("cluster " + elsewhere.id() + " to be placed", READY_WITHIN,
                () -> api.cluster(elsewhere.id()), c -> c.host() != null);
        assertThat(placed.host()).isEqualTo(first.hostId());
        assertThat(api.cluster(onSecond.id()).phase()).as("the drained host's own cluster").isEqualTo(Phase.READY);
        api.deleteCluster(elsewhere.id());

        // Its engine stops, and the agent container with it: no heartbeats; UNREACHABLE, then its cluster LOST.
        Instant stopped = Instant.now();
        HOST.stopEngine();
        ClusterState lost = api.awaitPhase(onSecond.id(), Phase.LOST, LOST_WITHIN);
        measured.put("engine stopped -> cluster LOST", seconds(stopped));
        assertThat(lost.message()).contains(name);
        assertThat(api.host(name).status()).isEqualTo("UNREACHABLE");

        // Drained and with nothing left on it, it retires; its token then fetches nothing.
        JsonNode retired = api.call("POST", "/api/v1/hosts/" + secondId + "/retire", null, 200);
        assertThat(retired.path("scheduling").asText()).isEqualTo("RETIRED");
        Scripts.Result refused = Scripts.run(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-H",
                "Authorization: Bearer " + enrolled.agentToken(), api.base() + "/agent/v1/join"), Duration.ofSeconds(30));
        assertThat(refused.stdout()).isEqualTo("401");

        writeMeasurements(measured);
    }

    /**
     * A shell script that tries every target ("name" -> "address/port") at once, 4 s each, printing
     * "name=OPEN|CLOSED". Names are single-quoted in the script, so they are plain words.
     */
    private static String probeScript(Map<String, String> targets) {
        StringBuilder script = new StringBuilder();
        targets.forEach((name, target) -> script.append("(timeout 4 bash -c 'exec 3<>/dev/tcp/").append(target)
                .append("' 2>/dev/null && echo '").append(name).append("=OPEN' || echo '").append(name).append("=CLOSED') &\n"));
        return script.append("wait\n").toString();
    }

    /** Runs a {@link #probeScript}; OPEN or CLOSED per target name. */
    private static Map<String, String> reachable(List<String> command) {
        Map<String, String> result = new HashMap<>();
        Scripts.ok(command, Duration.ofSeconds(30)).lines().filter(line -> line.matches(".+=(OPEN|CLOSED)")).forEach(line -> {
            int at = line.lastIndexOf('=');
            result.put(line.substring(0, at), line.substring(at + 1));
        });
        return result;
    }

    /**
     * The second host's places (its engine, a config directory under the test's) and a PATH whose first
     * directory holds a stand-in for every build tool, each leaving a mark if it is ever run.
     */
    private static Map<String, String> joinEnvironment() throws IOException {
        Path shims = Files.createDirectories(HOST.dir().resolve("shims"));
        for (String tool : FORBIDDEN_TOOLS) {
            Path shim = shims.resolve(tool);
            Files.writeString(shim, "#!/bin/sh\necho \"$0 $*\" >>" + HOST.dir().resolve("forbidden-tools-used") + "\nexit 1\n");
            shim.toFile().setExecutable(true);
        }
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", shims + ":" + System.getenv("PATH"));
        environment.put("HEARTH_CONFIG_DIR", HOST.dir().resolve("config").toString());
        environment.put("HEARTH_DOCKER_SOCKET", HOST.socket().toString());
        // Never a unit on the machine running the tests, even if it has systemd.
        environment.put("HEARTH_SERVICE", "docker");
        return environment;
    }

    /** For bench/host-join: the run's timings, one "label: seconds" line each. */
    private static void writeMeasurements(Map<String, String> measured) {
        List<String> lines = new ArrayList<>();
        measured.forEach((label, value) -> lines.add(label + ": " + value));
        write(RunPaths.target("bench").resolve("host-join.txt"), String.join("\n", lines) + "\n");
    }

    private static String seconds(Instant since) {
        return String.format("%.1f", Duration.between(since, Instant.now()).toMillis() / 1000.0);
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
