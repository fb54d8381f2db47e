package dev.hearth.agent.provision;

import dev.hearth.agent.pki.ClusterPkiRequest;
import dev.hearth.agent.pki.ControlPlaneFiles;
import dev.hearth.agent.pki.PkiIssuer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Real admin.conf files, as the agent copies them into control-plane containers, for pure tests. */
final class AdminConfs {

    private AdminConfs() {
    }

    static String issue(String clusterId) {
        var pki = new PkiIssuer(Clock.systemUTC(), new SecureRandom()).issue(new ClusterPkiRequest(clusterId,
                List.of("localhost"), List.of(InetAddress.getLoopbackAddress()), Duration.ofHours(1)));
        return new String(ControlPlaneFiles.of("hearth-" + clusterId, pki).get("admin.conf"), StandardCharsets.US_ASCII);
    }
}
