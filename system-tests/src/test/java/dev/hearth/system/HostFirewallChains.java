package dev.hearth.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Removes a test host's confinement chains once its agent is stopped and its clusters are gone. An agent
 * never removes its own (a restarting agent must keep its clusters confined), so a run's hosts would
 * otherwise leave two empty-of-purpose chains each in this machine's INPUT and DOCKER-USER. The names
 * are the ones docs/security.md gives: {@code HEARTH-IN-<h>} and {@code HEARTH-OUT-<h>}, {@code <h>} the
 * first ten hex digits, upper case, of the SHA-256 of the host id.
 */
final class HostFirewallChains {

    private HostFirewallChains() {
    }

    static void remove(String hostId) {
        String h = hash(hostId);
        unhookAndDelete("INPUT", "HEARTH-IN-" + h);
        unhookAndDelete("DOCKER-USER", "HEARTH-OUT-" + h);
    }

    private static void unhookAndDelete(String from, String chain) {
        while (iptables("-D", from, "-j", chain) == 0) {
            // one jump removed; an agent started twice may have left two
        }
        iptables("-F", chain);
        iptables("-X", chain);
    }

    private static int iptables(String... args) {
        var command = new java.util.ArrayList<>(List.of("iptables", "--wait"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String hash(String hostId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(hostId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 5).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
