package dev.hearth.backend.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where a host's API servers may be, as far as the backend is concerned (docs/security.md, "Worker agents
 * and hosts"): at the host's advertise address when one is recorded for it; otherwise at the address its
 * agent's connection comes from (which the host cannot choose freely) — and, for an agent on the backend's
 * own machine (it connects over loopback), at any address of this machine or the host of
 * {@code hearth.public-url}, where the machine's SNI endpoint answers. An agent naming any other server
 * (another host, the backend's network, a metadata address) is refused, so neither the backend nor a
 * participant's kubectl is sent there. Loopback addresses count as one. Nothing here asks DNS: a name must
 * equal the recorded address or the public URL's host as written.
 */
@ApplicationScoped
public class HostEndpoints {

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.]*]?");

    private final Optional<String> publicHost;

    public HostEndpoints(@ConfigProperty(name = "hearth.public-url") Optional<URI> publicUrl) {
        this.publicHost = publicUrl.map(URI::getHost);
    }

    /**
     * @param advertiseAddress the host's recorded advertise address, when it has one
     * @param agentAddress the address the agent's current connection comes from
     */
    boolean allows(URI server, Optional<String> advertiseAddress, String agentAddress) {
        if (server == null || !"https".equals(server.getScheme()) || server.getHost() == null || server.getPort() <= 0) {
            return false;
        }
        String host = server.getHost();
        if (advertiseAddress.filter(a -> !a.isBlank()).isPresent()) {
            return sameAddress(host, advertiseAddress.get());
        }
        if (agentAddress == null) {
            return false;
        }
        if (sameAddress(host, agentAddress)) {
            return true;
        }
        boolean agentOnThisMachine = literal(agentAddress).map(InetAddress::isLoopbackAddress).orElse(false);
        return agentOnThisMachine && (publicHost.map(p -> sameAddress(host, p)).orElse(false) || ownAddress(host));
    }

    private static boolean ownAddress(String host) {
        Optional<InetAddress> ip = literal(host);
        if (ip.isEmpty()) {
            return false;
        }
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                    .anyMatch(own -> own.equals(ip.get()));
        } catch (SocketException e) {
            return false;
        }
    }

    private static boolean sameAddress(String a, String b) {
        Optional<InetAddress> ipA = literal(a);
        Optional<InetAddress> ipB = literal(b);
        if (ipA.isPresent() && ipB.isPresent()) {
            return ipA.get().equals(ipB.get())
                    || ipA.get().isLoopbackAddress() && ipB.get().isLoopbackAddress();
        }
        return ipA.isEmpty() && ipB.isEmpty() && a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }

    /** The address an IP literal stands for; empty for a name (never resolved). */
    private static Optional<InetAddress> literal(String text) {
        if (text == null || !IP_LITERAL.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            // A literal only: getByName parses it without asking DNS.
            return Optional.of(InetAddress.getByName(text.startsWith("[") ? text.substring(1, text.length() - 1) : text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
