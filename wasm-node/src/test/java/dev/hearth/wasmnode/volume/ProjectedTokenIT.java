package dev.hearth.wasmnode.volume;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.wasmnode.NodeSettings;
import dev.hearth.wasmnode.TestImages;
import dev.hearth.wasmnode.TestNodes;
import dev.hearth.wasmnode.WasmNode;
import dev.hearth.wasmnode.cluster.TestCluster;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Projected volumes with service-account tokens on a WASI node joined to a real control plane: the
 * committed {@code sa-token} module reads every file and checks the token's audience itself. The node
 * rewrites tokens after 0.5 % of their lifetime (3 s of the API server's minimum 600 s) instead of 80 %,
 * so the refresh is seen without waiting minutes.
 */
@Timeout(300)
class ProjectedTokenIT {

    private static final Duration SHORT = Duration.ofSeconds(60);
    private static final String AUDIENCE = "hearth-workshop";
    /** The test API server's default token audience (its --service-account-issuer). */
    private static final String API_AUDIENCE = "https://kubernetes.default.svc.cluster.local";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestCluster cluster;
    private static KubernetesClient admin;
    private static String nodeName;
    private static WasmNode node;
    private static NodeSettings settings;
    @TempDir
    static Path state;

    @BeforeAll
    static void startNode() {
        cluster = TestCluster.shared();
        admin = cluster.admin();
        nodeName = "token-it-" + UUID.randomUUID().toString().substring(0, 6) + "-wasi";
        settings = TestNodes.settings(nodeName, state, cluster.bootstrapToken(), 0.005);
        node = TestNodes.startWithVolumes(settings);
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
        admin.nodes().withName(nodeName).delete();
    }

    @Test
    void aProjectedVolumeHoldsTheTokenConfigMapSecretAndPodNameAndEveryPodHasItsApiAccessVolume() throws IOException {
        String ns = cluster.namespace("projected");
        admin.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("settings")
                .endMetadata().addToData("greeting", "hello from a ConfigMap").build()).create();
        admin.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("creds").endMetadata()
                .addToStringData("password", "s3cret").build()).create();
        admin.pods().inNamespace(ns).resource(TestNodes.pod(nodeName, ns, "bundle", "Never").editSpec()
                .addNewVolume().withName("bundle").withNewProjected()
                    .addNewSource().withNewServiceAccountToken().withAudience(AUDIENCE).withExpirationSeconds(600L)
                        .withPath("token").endServiceAccountToken().endSource()
                    .addNewSource().withNewConfigMap().withName("settings").endConfigMap().endSource()
                    .addNewSource().withNewSecret().withName("creds").endSecret().endSource()
                    .addNewSource().withNewDownwardAPI().addNewItem().withPath("podname")
                        .withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endItem().endDownwardAPI().endSource()
                .endProjected().endVolume()
                .addNewContainer().withName("main").withImage(TestImages.REGISTRY + "sa-token:latest")
                    .withArgs("check", "/bundle", AUDIENCE, "greeting", "password", "podname")
                    .addNewVolumeMount().withName("bundle").withMountPath("/bundle").endVolumeMount()
                .endContainer()
                .addNewContainer().withName("api-access").withImage(TestImages.REGISTRY + "sa-token:latest")
                    .withArgs("check", "/var/run/secrets/kubernetes.io/serviceaccount", API_AUDIENCE, "namespace", "ca.crt")
                .endContainer()
                .endSpec().build()).create();

        Pod done = awaitSucceeded(ns, "bundle");

        String checked = cluster.kubectl(SHORT, "logs", "bundle", "-n", ns, "-c", "main");
        assertThat(checked).contains("greeting=hello from a ConfigMap\n", "password=s3cret\n", "podname=bundle\n",
                "audience " + AUDIENCE + ": ok\n");
        JsonNode claims = payload(checked);
        assertThat(claims.path("sub").asText()).isEqualTo("system:serviceaccount:" + ns + ":default");
        assertThat(claims.path("kubernetes.io").path("pod").path("name").asText()).isEqualTo("bundle");
        assertThat(claims.path("kubernetes.io").path("pod").path("uid").asText()).isEqualTo(done.getMetadata().getUid());
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(600);

        Path tokenFile = settings.podsDir().resolve(done.getMetadata().getUid()).resolve("volumes/bundle/token");
        TokenReview review = admin.resource(new TokenReviewBuilder().withNewSpec().withToken(Files.readString(tokenFile))
                .withAudiences(AUDIENCE).endSpec().build()).create();
        assertThat(review.getStatus().getAuthenticated()).as("the API server accepts the token for its audience").isTrue();
        assertThat(review.getStatus().getUser().getUsername()).isEqualTo("system:serviceaccount:" + ns + ":default");

        String apiAccess = cluster.kubectl(SHORT, "logs", "bundle", "-n", ns, "-c", "api-access");
        assertThat(apiAccess).contains("namespace=" + ns + "\n", "ca.crt=-----BEGIN CERTIFICATE-----",
                "audience " + API_AUDIENCE + ": ok\n");
        assertThat(done.getSpec().getVolumes()).anySatisfy(volume -> assertThat(volume.getName()).startsWith("kube-api-access-"));
    }

    @Test
    void theTokenIsRewrittenBeforeItExpiresWhileTheModuleRuns() {
        String ns = cluster.namespace("refresh");
        admin.pods().inNamespace(ns).resource(TestNodes.pod(nodeName, ns, "watcher", "Never").editSpec()
                .addNewVolume().withName("tokens").withNewProjected()
                    .addNewSource().withNewServiceAccountToken().withAudience(AUDIENCE).withExpirationSeconds(600L)
                        .withPath("token").endServiceAccountToken().endSource()
                .endProjected().endVolume()
                .addNewContainer().withName("main").withImage(TestImages.REGISTRY + "sa-token:latest")
                    .withArgs("watch", "/tokens/token", "2")
                    .addNewVolumeMount().withName("tokens").withMountPath("/tokens").endVolumeMount()
                .endContainer()
                .endSpec().build()).create();

        awaitSucceeded(ns, "watcher");

        List<String> lines = cluster.kubectl(SHORT, "logs", "watcher", "-n", ns).lines().toList();
        assertThat(lines).hasSize(2);
        long first = Long.parseLong(lines.get(0).replace("token 0 iat=", ""));
        long second = Long.parseLong(lines.get(1).replace("token 1 iat=", ""));
        assertThat(second - first).as("rewritten after 0.5 %% of 600 s, long before expiry")
                .isBetween(2L, 60L);
    }

    private static Pod awaitSucceeded(String ns, String name) {
        TestCluster.waitFor(SHORT, "pod " + ns + "/" + name + " to succeed", () -> {
            Pod pod = admin.pods().inNamespace(ns).withName(name).get();
            if ("Failed".equals(pod.getStatus().getPhase())) {
                throw new AssertionError("pod " + name + " failed: " + pod.getStatus() + "\n"
                        + cluster.kubectl(SHORT, "logs", name, "-n", ns, "--all-containers"));
            }
            return "Succeeded".equals(pod.getStatus().getPhase());
        });
        return admin.pods().inNamespace(ns).withName(name).get();
    }

    private static JsonNode payload(String logs) throws IOException {
        String line = logs.lines().filter(l -> l.startsWith("payload=")).findFirst().orElseThrow();
        return JSON.readTree(line.substring("payload=".length()));
    }
}
