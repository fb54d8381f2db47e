package dev.hearth.agent.network;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Network;
import dev.hearth.agent.plan.HearthLabels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Confines this host's cluster networks (docs/security.md, "Participant's cluster and the host's network").
 * A cluster network is a Docker bridge whose gateway is the host itself, and a participant reaches
 * anything its API server can reach through the service proxy; so, for each cluster bridge:
 * <ul>
 *   <li>nothing from it reaches the host ({@code INPUT}): not the gateway address, not any service
 *       listening beyond loopback (PostgreSQL, Keycloak, the portal, the agent, Docker), except replies
 *       on connections the host opened (the published API server port, the SNI endpoint behind it);</li>
 *   <li>nothing from it is forwarded anywhere but the same bridge ({@code DOCKER-USER}): not other
 *       clusters' networks, not Docker's default bridge (the registry's write side), not the Internet or
 *       the metadata address {@code 169.254.169.254} — again except replies.</li>
 * </ul>
 * Traffic inside one cluster network (API server, WASI node, the registry's read-only side) is bridged
 * and untouched. Rules live in two chains of this host's own ({@code HEARTH-IN-<h>} from {@code INPUT},
 * {@code HEARTH-OUT-<h>} from {@code DOCKER-USER}, which dockerd keeps first in {@code FORWARD} and never
 * flushes), rewritten whole and atomically ({@code iptables-restore --noflush}) from Docker's list of this
 * host's cluster networks on every reconcile pass — level-triggered: a restarted dockerd or a removed
 * rule is put back within a resync period, a deleted network's rules go. Another agent on the same engine
 * (tests, two hosts on one machine) keeps chains of its own.
 */
public final class EgressGuard {

    private static final Logger LOG = Logger.getLogger(EgressGuard.class);
    /** Docker's option naming a bridge network's interface; absent, the interface is br-&lt;12 hex of the id&gt;. */
    private static final String BRIDGE_NAME = "com.docker.network.bridge.name";

    private final DockerClient docker;
    private final String hostId;
    private final String inChain;
    private final String outChain;

    public EgressGuard(DockerClient docker, String hostId) {
        this.docker = docker;
        this.hostId = hostId;
        String suffix = shortHash(hostId);
        this.inChain = "HEARTH-IN-" + suffix;
        this.outChain = "HEARTH-OUT-" + suffix;
    }

    /**
     * Makes the rules match this host's cluster networks now.
     *
     * @throws GuardException when iptables is missing or refuses (the agent must run as root on the host)
     */
    public void ensure() {
        List<String> bridges = clusterBridges();
        StringBuilder rules = new StringBuilder("*filter\n")
                .append(':').append(inChain).append(" - [0:0]\n")
                .append(':').append(outChain).append(" - [0:0]\n");
        for (String bridge : bridges) {
            rules.append("-A ").append(inChain).append(" -i ").append(bridge)
                    .append(" -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN\n");
            rules.append("-A ").append(inChain).append(" -i ").append(bridge).append(" -j DROP\n");
            rules.append("-A ").append(outChain).append(" -i ").append(bridge).append(" -o ").append(bridge)
                    .append(" -j RETURN\n");
            rules.append("-A ").append(outChain).append(" -i ").append(bridge)
                    .append(" -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN\n");
            rules.append("-A ").append(outChain).append(" -i ").append(bridge).append(" -j DROP\n");
        }
        rules.append("COMMIT\n");
        run(rules.toString(), "iptables-restore", "--noflush", "--wait");
        hook("INPUT", inChain);
        hook("DOCKER-USER", outChain);
        LOG.debugf("egress guard of host %s: %d cluster network(s) %s", hostId, bridges.size(), bridges);
    }

    /** Removes this host's chains and their hooks (a test host going away; an agent never does this itself). */
    public void remove() {
        unhook("INPUT", inChain);
        unhook("DOCKER-USER", outChain);
        for (String chain : List.of(inChain, outChain)) {
            quietly("iptables", "--wait", "-F", chain);
            quietly("iptables", "--wait", "-X", chain);
        }
    }

    /** The interface of each of this host's cluster networks, as Docker names it. */
    List<String> clusterBridges() {
        List<String> bridges = new ArrayList<>();
        for (Network network : docker.listNetworksCmd().withFilter("label", List.of(HearthLabels.HOST + "=" + hostId)).exec()) {
            Map<String, String> labels = network.getLabels();
            if (labels == null || !labels.containsKey(HearthLabels.CLUSTER) || !"bridge".equals(network.getDriver())) {
                continue;
            }
            Map<String, String> options = network.getOptions();
            String name = options != null && options.get(BRIDGE_NAME) != null ? options.get(BRIDGE_NAME)
                    : "br-" + network.getId().substring(0, 12);
            bridges.add(name);
        }
        bridges.sort(String::compareTo);
        return bridges;
    }

    private void hook(String from, String chain) {
        if (run(null, "iptables", "--wait", "-C", from, "-j", chain) != 0) {
            if (run(null, "iptables", "--wait", "-I", from, "1", "-j", chain) != 0) {
                throw new GuardException("iptables could not hook " + chain + " into " + from);
            }
        }
    }

    private void unhook(String from, String chain) {
        while (run(null, "iptables", "--wait", "-C", from, "-j", chain) == 0) {
            run(null, "iptables", "--wait", "-D", from, "-j", chain);
        }
    }

    private void quietly(String... command) {
        try {
            run(null, command);
        } catch (GuardException e) {
            LOG.debugf("%s: %s", String.join(" ", command), e.getMessage());
        }
    }

    /** Runs a command, feeding it {@code input}; its exit status (restore: non-zero throws). */
    private static int run(String input, String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (input != null) {
                process.getOutputStream().write(input.getBytes(StandardCharsets.US_ASCII));
            }
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new GuardException(String.join(" ", command) + " did not finish within 30 s");
            }
            if (input != null && process.exitValue() != 0) {
                throw new GuardException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): " + output);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new GuardException("cannot run " + command[0] + " (the agent confines cluster networks with"
                    + " iptables, as root on the host): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GuardException("interrupted while running " + command[0]);
        }
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 5).toUpperCase(java.util.Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The rules could not be put in place. */
    public static final class GuardException extends RuntimeException {

        public GuardException(String message) {
            super(message);
        }
    }
}
