package dev.hearth.backend.cluster;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a host's API servers may be, as far as the backend is concerned: at the host's advertise address
 * when one is recorded for it, otherwise at the address its agent's connection comes from (which the host
 * cannot choose freely). An agent naming any other server — another host, the backend's own network, a
 * metadata address — is refused, so neither the backend nor a participant's kubectl is sent there.
 * Loopback addresses count as one (an agent on the backend's machine may connect over {@code ::1} and
 * advertise {@code 127.0.0.1}). Nothing here asks DNS: a name must equal the recorded address as written.
 */
final class HostEndpoints {

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|\\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.]*]?");

    private HostEndpoints() {
    }

    /**
     * @param advertiseAddress the host's recorded advertise address, when it has one
     * @param agentAddress the address the agent's current connection comes from
     */
    static boolean allows(URI server, Optional<String> advertiseAddress, String agentAddress) {
        if (server == null || !"https".equals(server.getScheme()) || server.getHost() == null || server.getPort() <= 0) {
            return false;
        }
        String expected = advertiseAddress.filter(a -> !a.isBlank()).orElse(agentAddress);
        return expected != null && sameAddress(server.getHost(), expected);
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
        if (!IP_LITERAL.matcher(text).matches()) {
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
