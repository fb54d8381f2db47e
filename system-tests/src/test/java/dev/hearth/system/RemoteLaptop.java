package dev.hearth.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A participant's laptop on a link of its own that reaches a {@link SecondHost} only through this
 * machine, as a laptop on the venue's network reaches a host in the rack through a router: a network
 * namespace with a veth pair ({@code 10.233.<n>.2} there, {@code .1} here), a route to the host's
 * address only, the host's route back, and this machine forwarding between exactly those two links (two
 * {@code FORWARD} rules of this test's own interfaces, removed at the end). It reaches nothing else: not
 * the platform's services, not the Internet. Register it after the {@link SecondHost}.
 */
final class RemoteLaptop implements BeforeAllCallback, AfterAllCallback {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final SecondHost host;
    private final String name = "rl" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
    private final int subnet = 16 + ThreadLocalRandom.current().nextInt(200);
    private final List<List<String>> forwardRules = new ArrayList<>();

    RemoteLaptop(SecondHost host) {
        this.host = host;
    }

    /** The laptop's own address. */
    String address() {
        return "10.233." + subnet + ".2";
    }

    /** The namespace's name, for {@link Kubectl#inNetworkNamespace}. */
    String namespace() {
        return name;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        String outside = name + "a";
        String inside = name + "b";
        sh("ip", "netns", "add", name);
        sh("ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
        sh("ip", "link", "set", inside, "netns", name);
        sh("ip", "addr", "add", "10.233." + subnet + ".1/30", "dev", outside);
        sh("ip", "link", "set", outside, "up");
        sh("ip", "netns", "exec", name, "ip", "addr", "add", address() + "/30", "dev", inside);
        sh("ip", "netns", "exec", name, "ip", "link", "set", inside, "up");
        sh("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
        sh("ip", "netns", "exec", name, "ip", "route", "add", host.hostAddress() + "/32", "via", "10.233." + subnet + ".1");
        host.routeThroughPlatform(address());
        // Docker's FORWARD policy is DROP; these two links (and nothing else) are forwarded for the test.
        forwardRules.add(List.of("FORWARD", "-i", outside, "-o", host.outsideInterface(), "-j", "ACCEPT"));
        forwardRules.add(List.of("FORWARD", "-i", host.outsideInterface(), "-o", outside, "-j", "ACCEPT"));
        for (List<String> rule : forwardRules) {
            List<String> insert = new ArrayList<>(List.of("iptables", "--wait", "-I", rule.get(0), "1"));
            insert.addAll(rule.subList(1, rule.size()));
            sh(insert.toArray(String[]::new));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        for (List<String> rule : forwardRules) {
            List<String> delete = new ArrayList<>(List.of("iptables", "--wait", "-D"));
            delete.addAll(rule);
            Scripts.run(delete, COMMAND_TIMEOUT);
        }
        Scripts.run(List.of("ip", "netns", "del", name), COMMAND_TIMEOUT);
        Scripts.run(List.of("ip", "link", "del", name + "a"), COMMAND_TIMEOUT);
        if (Files.exists(Path.of("/var/run/netns", name))) {
            throw new AssertionError("the remote laptop's namespace " + name + " is still there");
        }
    }

    private static void sh(String... command) {
        Scripts.ok(List.of(command), COMMAND_TIMEOUT);
    }
}
