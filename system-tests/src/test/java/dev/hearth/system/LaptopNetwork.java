package dev.hearth.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A participant's "laptop": a network namespace of the test's own, joined to this machine by a veth pair
 * on a /30 in 10.203.0.0/16 the test picks. The laptop has no other route: whatever it reaches, it
 * reaches at the host side of the veth — the address Hearth advertises — exactly as another machine
 * would. Nothing outside this machine is ever addressed.
 *
 * <p>It also provides, for that address: a realm of the test's own in the shared Keycloak whose
 * frontend URL is at this address ({@link TestRealm}), a relay from this address to the shared Keycloak
 * (which listens on loopback unless ./hearth up ran with HEARTH_ADVERTISE_ADDRESS), the backend settings
 * that publish the portal there, and a Chromium wrapper that runs the browser inside the namespace.
 * Register first ({@code @Order(1)}): the stack's backend is started with its settings. The namespace,
 * the veth, the relay and the realm are removed after the class, and by a shutdown hook if the JVM is
 * stopped.
 */
final class LaptopNetwork implements BeforeAllCallback, AfterAllCallback {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final InetSocketAddress KEYCLOAK = new InetSocketAddress("127.0.0.1", 8180);

    private final String id = randomId();
    private final String netns = "hearth-laptop-" + id;
    private final String hostVeth = "hlh" + id;
    private final String laptopVeth = "hll" + id;
    private final String hostAddress;
    private final String laptopAddress;
    private final int portalPort = FreePorts.next();
    private TcpRelay keycloakRelay;
    private TestRealm realm;
    private Thread shutdownHook;

    private LaptopNetwork() {
        int third = ThreadLocalRandom.current().nextInt(256);
        int base = ThreadLocalRandom.current().nextInt(64) * 4;
        this.hostAddress = "10.203." + third + "." + (base + 1);
        this.laptopAddress = "10.203." + third + "." + (base + 2);
    }

    static LaptopNetwork create() {
        return new LaptopNetwork();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        shutdownHook = Thread.ofPlatform().unstarted(this::close);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        if (!Scripts.ok(List.of("ip", "-4", "-o", "addr", "show"), COMMAND_TIMEOUT).contains(" " + hostAddress + "/")) {
            sh("ip", "netns", "add", netns);
            sh("ip", "link", "add", hostVeth, "type", "veth", "peer", "name", laptopVeth);
            sh("ip", "link", "set", laptopVeth, "netns", netns);
            sh("ip", "addr", "add", hostAddress + "/30", "dev", hostVeth);
            sh("ip", "link", "set", hostVeth, "up");
            inLaptop("ip", "link", "set", "lo", "up");
            inLaptop("ip", "addr", "add", laptopAddress + "/30", "dev", laptopVeth);
            inLaptop("ip", "link", "set", laptopVeth, "up");
        } else {
            throw new IllegalStateException(hostAddress + " is already in use on this machine; run the test again");
        }
        keycloakRelay = TcpRelay.start(hostAddress, KEYCLOAK);
        realm = TestRealm.create("hearth-laptop-" + id, keycloakUrl(), portalUrl());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
        close();
    }

    private synchronized void close() {
        if (realm != null) {
            try {
                realm.delete();
            } catch (RuntimeException | AssertionError e) {
                // Keycloak gone: nothing left to delete there.
            }
            realm = null;
        }
        if (keycloakRelay != null) {
            keycloakRelay.close();
            keycloakRelay = null;
        }
        // Deleting the namespace deletes the laptop's end of the veth, and with it the host's end.
        Scripts.run(List.of("ip", "netns", "del", netns), COMMAND_TIMEOUT);
        Scripts.run(List.of("ip", "link", "del", hostVeth), COMMAND_TIMEOUT);
    }

    /** The address Hearth advertises: the host's side of the veth. */
    String hostAddress() {
        return hostAddress;
    }

    String netns() {
        return netns;
    }

    /** The portal as the laptop reaches it. */
    String portalUrl() {
        return "http://" + hostAddress + ":" + portalPort;
    }

    /** Keycloak as the laptop reaches it (through the relay). */
    String keycloakUrl() {
        return "http://" + hostAddress + ":" + keycloakRelay.port();
    }

    /** The backend published at the advertise address, as ./hearth up does with HEARTH_ADVERTISE_ADDRESS. */
    Map<String, String> backendSettings() {
        return Map.of(
                "quarkus.http.host", "0.0.0.0",
                "quarkus.http.port", Integer.toString(portalPort),
                "hearth.public-url", portalUrl(),
                "quarkus.oidc.auth-server-url", KeycloakTokens.KEYCLOAK + "/realms/hearth-laptop-" + id);
    }

    /** A Chromium that runs inside the laptop's namespace (Playwright starts it through this script). */
    Path chromium() {
        Path wrapper = RunPaths.target("bin").resolve("chromium-in-" + netns);
        try {
            Files.createDirectories(wrapper.getParent());
            Files.writeString(wrapper, "#!/bin/sh\nexec ip netns exec " + netns + " " + SystemBrowser.CHROMIUM + " \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return wrapper;
    }

    /** Runs a command in the laptop and returns its result. */
    Scripts.Result run(Duration timeout, String... command) {
        List<String> all = new java.util.ArrayList<>(List.of("ip", "netns", "exec", netns));
        all.addAll(List.of(command));
        return Scripts.run(all, timeout);
    }

    private void inLaptop(String... command) {
        List<String> all = new java.util.ArrayList<>(List.of("ip", "netns", "exec", netns));
        all.addAll(List.of(command));
        Scripts.ok(all, COMMAND_TIMEOUT);
    }

    private static void sh(String... command) {
        Scripts.ok(List.of(command), COMMAND_TIMEOUT);
    }

    private static String randomId() {
        String alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            id.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return id.toString().toLowerCase(Locale.ROOT);
    }
}
