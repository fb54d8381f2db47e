package dev.hearth.agent.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.agent.Eventually;
import dev.hearth.agent.NodeImages;
import dev.hearth.agent.TestHost;
import dev.hearth.agent.plan.HearthLabels;
import dev.hearth.agent.plan.Role;
import dev.hearth.protocol.AgentMessage;
import dev.hearth.protocol.TunnelAck;
import dev.hearth.protocol.TunnelClose;
import dev.hearth.protocol.TunnelData;
import dev.hearth.protocol.TunnelOpen;
import dev.hearth.protocol.TunnelResize;
import dev.hearth.protocol.TunnelTarget;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent's end of tunnels against the real Docker engine: shells by docker exec with a TTY in a
 * container labelled as a cluster's toolbox, as the backend drives them through the channel (the
 * messages are fed in as the channel fires them, and what the agent sends is recorded).
 */
class ShellSessionsIT {

    static final Duration WAIT = Duration.ofSeconds(20);
    static TestHost host;
    static String clusterId = "c-" + UUID.randomUUID().toString().substring(0, 8);
    static String container;

    final List<AgentMessage> sent = new CopyOnWriteArrayList<>();
    final Map<String, ByteArrayOutputStream> screens = new ConcurrentHashMap<>();
    ShellSessions sessions;

    @BeforeAll
    static void startToolbox() {
        host = new TestHost();
        container = host.client().createContainerCmd(NodeImages.controlPlane())
                .withName("hearth-" + clusterId + "-toolbox")
                .withEntrypoint("sleep", "infinity")
                .withLabels(HearthLabels.of(clusterId, host.hostId(), Role.TOOLBOX))
                .exec().getId();
        host.client().startContainerCmd(container).exec();
    }

    @AfterAll
    static void removeEverything() {
        host.close();
    }

    ShellSessions sessions() {
        if (sessions == null) {
            sessions = sessionsWith(Map.of());
        }
        return sessions;
    }

    /** The agent's end with {@code hearth.agent.tunnels.*} settings on top of the tests' own. */
    ShellSessions sessionsWith(Map<String, String> overrides) {
        Map<String, String> properties = new java.util.HashMap<>(Map.of("hearth.agent.tunnels.replay-bytes", "2000"));
        properties.putAll(overrides);
        TunnelSettings settings = new SmallRyeConfigBuilder().withMapping(TunnelSettings.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build().getConfigMapping(TunnelSettings.class);
        return new ShellSessions(new ExecContainers(host.docker(), host.settings(), (ToolboxStarter) null),
                host.docker(), settings, this::record);
    }

    @Test
    void aShellRunsCommandsFollowsResizesAndReattachingReplaysItsOutputInTheSameShell() {
        String first = open("s1", false);
        type(first, 0, "echo $((6*7))\r");
        awaitScreen(first, "42");
        sessions().on(new TunnelResize(first, 132, 43));
        type(first, 1, "stty size\r");
        awaitScreen(first, "43 132");
        type(first, 2, "echo pid=$$\r");
        String pid = awaitMatch(first, "pid=(\\d+)");

        sessions().on(new TunnelClose(first, "browser reloaded", true));
        String second = open("s1", false);

        awaitScreen(second, "pid=" + pid);
        type(second, 0, "echo again=$$\r");
        assertThat(awaitMatch(second, "again=(\\d+)")).isEqualTo(pid);
        assertThat(sessions().runningShells()).isEqualTo(1);

        sessions().on(new TunnelClose(second, "closed", false));
        Eventually.until("the shell ended", WAIT, () -> sessions().runningShells() == 0);
    }

    @Test
    void aWatcherSeesTheOutputButItsKeystrokesNeverReachTheShell() {
        String owner = open("s2", false);
        type(owner, 0, "echo ready\r");
        awaitScreen(owner, "ready");
        String watcher = open("s2", true);

        type(watcher, 0, "touch /tmp/watcher-was-here\r");
        type(owner, 1, "ls /tmp/watcher-was-here || echo absent-$((1+1))\r");

        awaitScreen(watcher, "absent-2");
        assertThat(screen(owner)).contains("absent-2");
        sessions().on(new TunnelClose(owner, "closed", false));
        Eventually.until("the watcher is told", WAIT, () -> closeOf(watcher) != null);
    }

    @Test
    void onlyTheToolboxOfAClusterThisHostHoldsCanBeOpened() {
        String otherRole = "t-" + UUID.randomUUID();
        sessions().on(new TunnelOpen(otherRole, clusterId,
                new TunnelTarget.Exec("control-plane", List.of("bash"), 80, 24, null, false), 0));
        String otherCluster = "t-" + UUID.randomUUID();
        sessions().on(new TunnelOpen(otherCluster, "c-not-here",
                new TunnelTarget.Exec("toolbox", List.of("bash"), 80, 24, null, false), 0));

        Eventually.until("both refused", WAIT, () -> closeOf(otherRole) != null && closeOf(otherCluster) != null);
        assertThat(closeOf(otherRole).reason()).contains("only the toolbox");
        assertThat(closeOf(otherCluster).reason()).contains("has no toolbox on this host");
        assertThat(sessions().openTunnels()).isZero();
    }

    @Test
    void aSlowReaderHoldsTheShellBackAndAnAckLetsItGoOn() {
        String tunnel = open("s3", false);
        type(tunnel, 0, "head -c 300000 /dev/zero | tr '\\0' x; echo; echo done-$((2+3))\r");

        Eventually.until("the window filled", WAIT, () -> screen(tunnel).length() >= TunnelOpen.DEFAULT_WINDOW - 4096);
        int seen = screen(tunnel).length();
        assertThat(seen).isLessThanOrEqualTo(TunnelOpen.DEFAULT_WINDOW + 4096);
        assertThat(screen(tunnel)).doesNotContain("done-5");

        // The backend's acks, as it consumes: the rest arrives.
        Eventually.until("everything arrived once acknowledged", WAIT, () -> {
            sessions().on(new TunnelAck(tunnel, 16384));
            return screen(tunnel).contains("done-5");
        });
        sessions().on(new TunnelClose(tunnel, "closed", false));
    }

    @Test
    void beyondTheHostsCapsANewTerminalIsRefusedSayingSoAndTheOpenOnesGoOn() {
        sessions = sessionsWith(Map.of("hearth.agent.tunnels.max-shells", "2", "hearth.agent.tunnels.max-per-host", "3"));
        String first = open("cap-1", false);
        String second = open("cap-2", false);

        String thirdShell = request("cap-3", false);
        Eventually.until("a third shell is refused", WAIT, () -> closeOf(thirdShell) != null);
        assertThat(closeOf(thirdShell).reason()).isEqualTo("this host runs 2 terminals, its limit; try again later");
        // A watcher needs no shell of its own, only a tunnel: the third fits, a fourth does not.
        open("cap-1", true);
        String fourthTunnel = request("cap-2", true);
        Eventually.until("a fourth tunnel is refused", WAIT, () -> closeOf(fourthTunnel) != null);
        assertThat(closeOf(fourthTunnel).reason()).isEqualTo("this host has 3 terminals open, its limit; try again later");

        assertThat(sessions().runningShells()).isEqualTo(2);
        type(first, 0, "echo still-$((3*3))\r");
        awaitScreen(first, "still-9");
        sessions().on(new TunnelClose(first, "closed", false));
        sessions().on(new TunnelClose(second, "closed", false));
        Eventually.until("the shells ended", WAIT, () -> sessions().runningShells() == 0);
    }

    @Test
    void removingTheToolboxEndsItsTerminalsSayingTheClusterWasDeleted() {
        String id = "c-" + UUID.randomUUID().toString().substring(0, 8);
        String doomed = host.client().createContainerCmd(NodeImages.controlPlane()).withEntrypoint("sleep", "infinity")
                .withLabels(HearthLabels.of(id, host.hostId(), Role.TOOLBOX)).exec().getId();
        host.client().startContainerCmd(doomed).exec();
        String tunnel = "t-" + UUID.randomUUID();
        sessions().on(new TunnelOpen(tunnel, id, new TunnelTarget.Exec("toolbox", List.of("bash"), 80, 24, "s4", false), 0));
        Eventually.until("the shell is open", WAIT, () -> sent.stream().anyMatch(m -> m instanceof TunnelData d && d.tunnelId().equals(tunnel)));

        host.client().removeContainerCmd(doomed).withForce(true).exec();

        Eventually.until("the tunnel was closed", WAIT, () -> closeOf(tunnel) != null);
        assertThat(closeOf(tunnel).reason()).isEqualTo("the cluster was deleted; its terminal is gone");
    }

    private String open(String session, boolean watch) {
        String tunnel = request(session, watch);
        Eventually.until("the tunnel opened", WAIT, () -> sent.stream()
                .anyMatch(m -> m instanceof TunnelData d && d.tunnelId().equals(tunnel) && d.seq() == 0));
        return tunnel;
    }

    /** Asks for a tunnel to the named shell, as the backend does; @return its id. */
    private String request(String session, boolean watch) {
        String tunnel = "t-" + UUID.randomUUID();
        sessions().on(new TunnelOpen(tunnel, clusterId,
                new TunnelTarget.Exec("toolbox", List.of("bash", "--norc", "-i"), 80, 24, session, watch), 0));
        return tunnel;
    }

    private void type(String tunnel, long seq, String text) {
        sessions().on(new TunnelData(tunnel, seq, text.getBytes(StandardCharsets.UTF_8)));
    }

    private void awaitScreen(String tunnel, String text) {
        Eventually.until("'" + text + "' on the screen", WAIT, () -> screen(tunnel).contains(text), () -> screen(tunnel));
    }

    private String awaitMatch(String tunnel, String regex) {
        Pattern pattern = Pattern.compile(regex);
        Eventually.until(regex + " on the screen", WAIT, () -> pattern.matcher(screen(tunnel)).find(), () -> screen(tunnel));
        Matcher matcher = pattern.matcher(screen(tunnel));
        matcher.find();
        return matcher.group(1);
    }

    private String screen(String tunnel) {
        ByteArrayOutputStream bytes = screens.get(tunnel);
        synchronized (screens) {
            return bytes == null ? "" : bytes.toString(StandardCharsets.UTF_8);
        }
    }

    private TunnelClose closeOf(String tunnel) {
        return sent.stream().filter(m -> m instanceof TunnelClose c && c.tunnelId().equals(tunnel))
                .map(TunnelClose.class::cast).findFirst().orElse(null);
    }

    private void record(AgentMessage message) {
        sent.add(message);
        if (message instanceof TunnelData data) {
            synchronized (screens) {
                screens.computeIfAbsent(data.tunnelId(), t -> new ByteArrayOutputStream()).writeBytes(data.bytes());
            }
        }
    }
}
