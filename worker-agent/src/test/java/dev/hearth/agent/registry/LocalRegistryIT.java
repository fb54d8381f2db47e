package dev.hearth.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PushResponseItem;
import dev.hearth.agent.NodeImages;
import dev.hearth.agent.TestHost;
import dev.hearth.agent.TestSettings;
import dev.hearth.agent.plan.ClusterPlan;
import dev.hearth.agent.plan.ClusterPlanner;
import dev.hearth.agent.provision.ClusterExecutor;
import dev.hearth.agent.provision.ClusterTeardown;
import dev.hearth.agent.provision.StartControlPlane;
import dev.hearth.protocol.ClusterConfig;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.FeatureGates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The host's registry as both sides see it: an image pushed from the host to {@code localhost:<port>}
 * is the same manifest digest that a cluster container fetches from {@code hearth-registry:5000} — and
 * nothing on a cluster network can push (a participant's admin kubeconfig reaches anything there
 * through the API server's proxy).
 */
@Timeout(300)
class LocalRegistryIT {

    private static final Pattern DIGEST = Pattern.compile("(?im)^Docker-Content-Digest:\\s*(sha256:[0-9a-f]{64})");
    private static TestHost host;

    @BeforeAll
    static void host() {
        host = new TestHost();
    }

    @AfterAll
    static void removeEverythingOfTheTestHost() {
        host.close();
    }

    @Test
    void aClusterNetworkCanPullButNotPush() throws Exception {
        String id = "iso-" + host.hostId();
        var registry = new HostRegistry(host.docker(), host.settings());
        var teardown = new ClusterTeardown(host.docker(), host.settings());
        provision(id, registry, teardown);
        String controlPlane = "hearth-" + id + "-control-plane";
        String writeAddress = host.client().inspectContainerCmd(registry.containerName()).exec()
                .getNetworkSettings().getNetworks().get("bridge").getIpAddress();

        assertThat(httpFromInside(controlPlane, "hearth-registry", 5000, "GET /v2/ HTTP/1.0"))
                .as("a pull-side request from the cluster network").startsWith("HTTP/1.0 200");
        assertThat(httpFromInside(controlPlane, "hearth-registry", 5000, "POST /v2/alice/hello/blobs/uploads/ HTTP/1.0"))
                .as("a push started from the cluster network on hearth-registry:5000").startsWith("HTTP/1.0 405");
        assertThat(httpFromInside(controlPlane, "hearth-registry", 5001, "POST /v2/alice/hello/blobs/uploads/ HTTP/1.0"))
                .as("the write port under the cluster-side name").startsWith("no connection");
        assertThat(httpFromInside(controlPlane, writeAddress, 5001, "POST /v2/alice/hello/blobs/uploads/ HTTP/1.0"))
                .as("the write process's own address, from the cluster network").startsWith("no connection");

        var fromHost = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + host.registryPort() + "/v2/alice/hello/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(fromHost.statusCode()).as("a push started from the host").isEqualTo(202);
        teardown.remove(id);
    }

    @Test
    void aRegistryFromAnotherImageIsReplacedOnItsVolumeAndNetworks() throws Exception {
        String id = "upg-" + host.hostId();
        var teardown = new ClusterTeardown(host.docker(), host.settings());
        // The same registry under an older-looking reference stands for the image before an upgrade.
        String older = "hearth-test/registry-older:" + host.hostId();
        host.client().tagImageCmd(NodeImages.registry(), "hearth-test/registry-older", host.hostId()).exec();
        try {
            var before = new HostRegistry(host.docker(), TestSettings.with(withImage(older)));
            provision(id, before, teardown);
            String oldContainer = host.client().inspectContainerCmd(before.containerName()).exec().getId();

            var after = new HostRegistry(host.docker(), host.settings());
            after.ensureRunning();

            var replaced = host.client().inspectContainerCmd(after.containerName()).exec();
            assertThat(replaced.getId()).isNotEqualTo(oldContainer);
            assertThat(replaced.getConfig().getImage()).isEqualTo(NodeImages.registry());
            assertThat(after.connectedTo("hearth-" + id)).as("still on the cluster's network").isTrue();
            assertThat(httpFromInside("hearth-" + id + "-control-plane", "hearth-registry", 5000, "GET /v2/ HTTP/1.0"))
                    .as("the cluster still reaches it as hearth-registry").startsWith("HTTP/1.0 200");
        } finally {
            teardown.remove(id);
            host.client().removeImageCmd(older).exec();
        }
    }

    private static Map<String, String> withImage(String registryImage) {
        Map<String, String> properties = new java.util.HashMap<>();
        properties.put("hearth.agent.host-id", host.hostId());
        properties.put("hearth.agent.registry.name", host.settings().registry().name());
        properties.put("hearth.agent.registry.port", Integer.toString(host.registryPort()));
        properties.put("hearth.agent.images.control-plane", NodeImages.controlPlane());
        properties.put("hearth.agent.images.registry", registryImage);
        return properties;
    }

    @Test
    void anImagePushedOnTheHostIsPulledByTheSameDigestInsideTheCluster() throws Exception {
        String id = "reg-" + host.hostId();
        var registry = new HostRegistry(host.docker(), host.settings());
        var teardown = new ClusterTeardown(host.docker(), host.settings());
        provision(id, registry, teardown);

        // A single path component: a shared repository, which any cluster may read (an owner's live under <ns>/).
        String repository = "localhost:" + host.registryPort() + "/hearth-test-tiny";
        String pushed = pushTinyImage(repository, host.hostId());
        String pulled = digestFromInside("hearth-" + id + "-control-plane",
                "/v2/hearth-test-tiny/manifests/" + host.hostId());
        assertThat(pulled).isEqualTo(pushed);

        teardown.remove(id);
        assertThat(host.objectsOf(id)).isEmpty();
        assertThat(registry.connectedTo("hearth-" + id)).isFalse();
        assertThat(host.client().inspectContainerCmd(registry.containerName()).exec().getState().getRunning()).isTrue();
    }

    private static void provision(String id, HostRegistry registry, ClusterTeardown teardown) throws Exception {
        ClusterPlan plan = new ClusterPlanner(host.settings())
                .plan(new DesiredCluster(id, id, new ClusterConfig(new FeatureGates(true, false), Map.of()), 1));
        new ClusterExecutor(host.docker(), registry, teardown, host.settings(), Clock.systemUTC())
                .provisionUntil(plan, StartControlPlane.class);
    }

    /**
     * The status line of one plain HTTP request made from inside {@code container} with bash's
     * /dev/tcp, or "no connection …" when the address refuses or drops it within 5 s.
     */
    private static String httpFromInside(String container, String address, int port, String requestLine) throws Exception {
        String script = "timeout 5 bash -c 'exec 3<>/dev/tcp/" + address + "/" + port
                + " && printf \"" + requestLine + "\\r\\nHost: hearth-registry\\r\\nContent-Length: 0\\r\\n\\r\\n\" >&3"
                + " && head -n 1 <&3' 2>/dev/null || echo \"no connection ($?)\"";
        return host.exec(container, script).strip();
    }


    /** Builds a one-file image FROM scratch (nothing to pull), pushes it; returns the pushed digest. */
    private static String pushTinyImage(String repository, String tag) throws Exception {
        byte[] context = tarOf(Map.of("Dockerfile", "FROM scratch\nCOPY hello.txt /\n", "hello.txt", "hello from " + tag));
        host.client().buildImageCmd(new ByteArrayInputStream(context)).withTags(Set.of(repository + ":" + tag))
                .withLabels(Map.of("dev.hearth.host", host.hostId())).start().awaitImageId(60, TimeUnit.SECONDS);
        try {
            AtomicReference<String> digest = new AtomicReference<>();
            host.client().pushImageCmd(repository).withTag(tag).exec(new ResultCallback.Adapter<PushResponseItem>() {
                @Override
                public void onNext(PushResponseItem item) {
                    if (item.getAux() != null && item.getAux().getDigest() != null) {
                        digest.set(item.getAux().getDigest());
                    }
                    if (item.isErrorIndicated()) {
                        throw new AssertionError("push failed: " + item.getErrorDetail().getMessage());
                    }
                }
            }).awaitCompletion(60, TimeUnit.SECONDS);
            assertThat(digest.get()).as("the digest the push reported").startsWith("sha256:");
            return digest.get();
        } finally {
            host.client().removeImageCmd(repository + ":" + tag).withForce(true).exec();
        }
    }

    /** HEAD of the manifest over plain HTTP from inside the container, with bash's /dev/tcp (no curl there). */
    private static String digestFromInside(String container, String path) throws Exception {
        String script = "exec 3<>/dev/tcp/hearth-registry/5000"
                + " && printf 'HEAD " + path + " HTTP/1.0\\r\\nHost: hearth-registry:5000\\r\\n"
                + "Accept: application/vnd.docker.distribution.manifest.v2+json\\r\\n\\r\\n' >&3 && cat <&3";
        String response = host.exec(container, script);
        Matcher digest = DIGEST.matcher(response);
        assertThat(digest.find()).as("a digest in the registry's answer:\n" + response).isTrue();
        return digest.group(1);
    }

    private static byte[] tarOf(Map<String, String> files) throws Exception {
        var bytes = new ByteArrayOutputStream();
        try (var tar = new TarArchiveOutputStream(bytes)) {
            for (var file : files.entrySet()) {
                byte[] data = file.getValue().getBytes(StandardCharsets.UTF_8);
                var entry = new TarArchiveEntry(file.getKey());
                entry.setSize(data.length);
                tar.putArchiveEntry(entry);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
