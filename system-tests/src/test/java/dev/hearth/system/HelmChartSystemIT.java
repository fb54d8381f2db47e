package dev.hearth.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * deploy/helm/hearth as an operator meets it: Helm from the Go module proxy (node-image/build-helm.sh),
 * the chart README's own install commands run as written under the release names {@code hearth} and
 * {@code x} against a real Hearth cluster (upstream kube-apiserver, through its downloaded kubeconfig),
 * after {@code kubectl apply --dry-run=server} of what {@code helm template} renders; {@code helm lint
 * --strict}; the refusals an operator reads (no kubeconfig key, a value the schema rejects, a
 * ServiceMonitor without its CRD); and the probe and metrics paths answered by the packaged backend.
 */
// The first run on a machine compiles Helm (minutes) before the cluster is requested.
@Timeout(value = 40, unit = TimeUnit.MINUTES)
class HelmChartSystemIT {

    private static final Duration READY_WITHIN = Duration.ofMinutes(3);
    private static final Duration COMMAND_WITHIN = Duration.ofMinutes(2);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    static final SystemStack STACK = SystemStack.withDefaults();
    private static Path chart;
    private static Path kubeconfig;

    @BeforeAll
    static void aHearthCluster() throws IOException {
        chart = RunPaths.root().resolve("deploy/helm/hearth");
        Helm.link();
        STACK.startAgent("a");
        HearthApi api = STACK.api();
        ClusterState requested = api.requestCluster("helm");
        api.awaitPhase(requested.id(), Phase.READY, READY_WITHIN);
        kubeconfig = Files.writeString(RunPaths.target("tmp").resolve(requested.id() + "-kubeconfig.yaml"),
                api.kubeconfig(requested.id()));
    }

    @Test
    void theReadmesProductionInstallWorksUnderAnyReleaseName() throws Exception {
        String readme = readmeBlock("Production install");
        for (String release : List.of("hearth", "x")) {
            Path namespaced = namespace("prod-" + release);
            String fullname = fullname(release);
            String rendered = render(release, flags(readme));
            assertThat(serverDryRun(namespaced, rendered))
                    .as("kubectl apply --dry-run=server of what helm template renders for release %s", release)
                    .contains("deployment.apps/" + fullname + " created (server dry run)",
                            "poddisruptionbudget.policy/" + fullname + " created (server dry run)",
                            "networkpolicy.networking.k8s.io/" + fullname + " created (server dry run)",
                            "ingress.networking.k8s.io/" + fullname + " created (server dry run)");

            Scripts.Result install = runReadme(readme, release, namespaced);
            assertThat(install.exitCode()).as("the README's production install as release %s:\n%s%s", release,
                    install.stderr(), install.stdout()).isZero();
            assertThat(kubectl(namespaced, "get", "secrets", "-o", "name").lines())
                    .as("the README's Secrets, and none of the chart's own beside them")
                    .contains("secret/hearth-db", "secret/hearth-oidc", "secret/hearth-keys")
                    .doesNotContain("secret/" + fullname + "-database", "secret/" + fullname + "-oidc-client",
                            "secret/" + fullname + "-kubeconfig-key");
            JsonNode container = YAML.readTree(kubectl(namespaced, "get", "deployment", fullname, "-o", "yaml"))
                    .at("/spec/template/spec/containers/0");
            assertThat(secretOf(container, "HEARTH_KUBECONFIG_KEY")).isEqualTo("hearth-keys");
            assertThat(secretOf(container, "QUARKUS_DATASOURCE_PASSWORD")).isEqualTo("hearth-db");
            assertThat(valueOf(container, "HEARTH_PUBLIC_URL")).isEqualTo("https://hearth.example.org");
            assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        }
    }

    @Test
    void theReadmesTrialInstallKeepsItsGeneratedKubeconfigKeyAcrossUpgrades() throws Exception {
        String readme = readmeBlock("Trial install");
        for (String release : List.of("hearth", "x")) {
            Path namespaced = namespace("trial-" + release);
            String fullname = fullname(release);
            assertThat(serverDryRun(namespaced, render(release, flags(readme))))
                    .contains("statefulset.apps/" + fullname + "-postgresql created (server dry run)",
                            "deployment.apps/" + fullname + "-keycloak created (server dry run)",
                            "networkpolicy.networking.k8s.io/" + fullname + "-postgresql created (server dry run)");

            Scripts.Result install = runReadme(readme, release, namespaced);
            assertThat(install.exitCode()).as("the README's trial install as release %s:\n%s%s", release,
                    install.stderr(), install.stdout()).isZero();
            String key = kubeconfigKey(namespaced, fullname);
            assertThat(Base64.getDecoder().decode(key)).as("the generated key: base64 of 32 bytes").hasSize(32);

            helm("upgrade", release, chart.toString(), "--reuse-values", "--kubeconfig", namespaced.toString());
            assertThat(kubeconfigKey(namespaced, fullname)).as("the key after helm upgrade").isEqualTo(key);

            JsonNode postgres = YAML.readTree(kubectl(namespaced, "get", "statefulset", fullname + "-postgresql", "-o", "yaml"));
            JsonNode keycloak = YAML.readTree(kubectl(namespaced, "get", "deployment", fullname + "-keycloak", "-o", "yaml"));
            for (JsonNode workload : List.of(postgres, keycloak)) {
                assertThat(workload.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean())
                        .as("runAsNonRoot of %s", workload.at("/metadata/name").asText()).isTrue();
                assertThat(workload.at("/spec/template/spec/containers/0/securityContext/allowPrivilegeEscalation").asBoolean(true))
                        .as("allowPrivilegeEscalation of %s", workload.at("/metadata/name").asText()).isFalse();
            }
        }
    }

    @Test
    void lintStrictPassesWithTheReadmesFlags() {
        for (String heading : List.of("Production install", "Trial install")) {
            List<String> command = new ArrayList<>(List.of("lint", "--strict", chart.toString()));
            command.addAll(flags(readmeBlock(heading)));
            assertThat(helm(command.toArray(String[]::new))).as("helm lint --strict with the %s flags", heading)
                    .contains("1 chart(s) linted, 0 chart(s) failed");
        }
    }

    @Test
    void aMissingKubeconfigKeyIsRefusedSayingWhatToSet() {
        List<String> flags = new ArrayList<>(flags(readmeBlock("Production install")));
        int at = flags.indexOf("kubeconfigKey.existingSecret=hearth-keys");
        assertThat(at).as("the README sets kubeconfigKey.existingSecret=hearth-keys").isPositive();
        flags.remove(at);
        flags.remove(at - 1);
        Scripts.Result refused = helmResult(Stream.concat(Stream.of("template", "hearth", chart.toString()), flags.stream()));
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.stderr()).contains("kubeconfigKey.existingSecret", "kubeconfigKey.generate=true",
                "head -c 32 /dev/urandom | base64");
    }

    @Test
    void theSchemaRefusesABadValueNamingIt() {
        List<String> flags = flags(readmeBlock("Production install"));
        Map<String, String> refusedWithPath = Map.of(
                "replicaCount=two", "replicaCount",
                "publicUrl=hearth.example.org", "publicUrl",
                "service.type=Public", "service",
                "replicas=3", "replicas");
        refusedWithPath.forEach((bad, path) -> {
            Scripts.Result refused = helmResult(Stream.concat(Stream.of("template", "hearth", chart.toString()),
                    Stream.concat(flags.stream(), Stream.of("--set", bad))));
            assertThat(refused.exitCode()).as("helm template --set %s", bad).isNotZero();
            assertThat(refused.stderr()).as("why --set %s was refused", bad).contains("schema").contains(path);
        });
    }

    @Test
    void theServiceMonitorIsMadeOnlyWhereItsCrdExists() throws Exception {
        List<String> flags = flags(readmeBlock("Production install"));
        Path namespaced = namespace("monitor");
        Scripts.Result refused = helmResult(Stream.concat(
                Stream.of("install", "x", chart.toString(), "--dry-run=server", "--kubeconfig", namespaced.toString()),
                Stream.concat(flags.stream(), Stream.of("--set", "metrics.serviceMonitor.enabled=true"))));
        assertThat(refused.exitCode()).as("install with a ServiceMonitor on a cluster without its CRD").isNotZero();
        assertThat(refused.stderr()).contains("needs the Prometheus Operator's ServiceMonitor CRD");

        Scripts.Result tokenless = helmResult(Stream.concat(Stream.of("template", "x", chart.toString()), Stream.concat(flags.stream(),
                Stream.of("--api-versions", "monitoring.coreos.com/v1/ServiceMonitor", "--set", "metrics.serviceMonitor.enabled=true"))));
        assertThat(tokenless.exitCode()).as("a ServiceMonitor without the scraper's token Secret").isNotZero();
        assertThat(tokenless.stderr()).contains("metrics.serviceMonitor.bearerTokenSecret.name", "hosts:admin");

        JsonNode monitor = document(render("x", flags, "--api-versions", "monitoring.coreos.com/v1/ServiceMonitor",
                "--set", "metrics.serviceMonitor.enabled=true", "--set", "metrics.serviceMonitor.bearerTokenSecret.name=scraper"),
                "ServiceMonitor", "x-hearth");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
        assertThat(monitor.at("/spec/endpoints/0/authorization/credentials/name").asText()).isEqualTo("scraper");
        assertThat(monitor.at("/spec/endpoints/0/authorization/credentials/key").asText()).isEqualTo("token");
        assertThat(monitor.at("/spec/selector/matchLabels/app.kubernetes.io~1component").asText()).isEqualTo("backend");
    }

    @Test
    void theProbeAndMetricsPathsAnswerOnThePackagedBackend() throws Exception {
        String rendered = render("hearth", flags(readmeBlock("Production install")));
        JsonNode container = document(rendered, "Deployment", "hearth").at("/spec/template/spec/containers/0");
        List<String> paths = new ArrayList<>();
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            paths.add(container.path(probe).at("/httpGet/path").asText());
        }
        assertThat(paths).doesNotContain("");
        for (String path : paths) {
            assertThat(get(path, null).statusCode()).as("GET %s on the packaged backend", path).isEqualTo(200);
        }
        // The ServiceMonitor's path, scraped with the bearer token its Secret holds (an admin's).
        String metricsPath = document(render("hearth", flags(readmeBlock("Production install")),
                "--api-versions", "monitoring.coreos.com/v1/ServiceMonitor", "--set", "metrics.serviceMonitor.enabled=true",
                "--set", "metrics.serviceMonitor.bearerTokenSecret.name=scraper"), "ServiceMonitor", "hearth").at("/spec/endpoints/0/path").asText();
        assertThat(get(metricsPath, null).statusCode()).as("GET %s without the scraper's token", metricsPath).isEqualTo(401);
        HttpResponse<String> scraped = get(metricsPath, new KeycloakTokens("admin").bearer());
        assertThat(scraped.statusCode()).as("GET %s as an admin", metricsPath).isEqualTo(200);
        assertThat(scraped.body()).contains("http_server_requests");
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(STACK.backend().url().resolve(path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theImageStoreClaimIsMountedReadOnlyWhereTheBackendServesJoiningHostsFrom() throws Exception {
        List<String> flags = flags(readmeBlock("Production install"));
        JsonNode without = document(render("hearth", flags), "Deployment", "hearth").at("/spec/template/spec");
        assertThat(without.at("/containers/0/env").findValuesAsText("name")).doesNotContain("HEARTH_IMAGES_STORE_DIR");

        JsonNode pod = document(render("hearth", flags, "--set", "imageStore.existingClaim=hearth-images"), "Deployment", "hearth")
                .at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");
        String dir = null;
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals("HEARTH_IMAGES_STORE_DIR")) {
                dir = variable.path("value").asText();
            }
        }
        assertThat(dir).as("the backend's hearth.images.store-dir").isNotNull();
        JsonNode mount = null;
        for (JsonNode candidate : container.path("volumeMounts")) {
            if (candidate.path("mountPath").asText().equals(dir)) {
                mount = candidate;
            }
        }
        assertThat(mount).as("a volume mounted at %s", dir).isNotNull();
        assertThat(mount.path("readOnly").asBoolean()).isTrue();
        JsonNode volume = null;
        for (JsonNode candidate : pod.path("volumes")) {
            if (candidate.path("name").asText().equals(mount.path("name").asText())) {
                volume = candidate;
            }
        }
        assertThat(volume.at("/persistentVolumeClaim/claimName").asText()).isEqualTo("hearth-images");
        assertThat(volume.at("/persistentVolumeClaim/readOnly").asBoolean()).isTrue();
    }

    @Test
    void theDefaultImageIsTheOneHearthImagesBuilds() throws Exception {
        String pom = Files.readString(RunPaths.root().resolve("pom.xml"));
        Matcher version = Pattern.compile("<version>([^<]+)</version>").matcher(pom);
        assertThat(version.find()).isTrue();
        String rendered = render("hearth", flags(readmeBlock("Production install")));
        assertThat(document(rendered, "Deployment", "hearth").at("/spec/template/spec/containers/0/image").asText())
                .as("the chart's default image: what ./hearth images tags with the project version")
                .isEqualTo("hearth/platform-backend:" + version.group(1));
    }

    // ---- helpers

    /** The chart's fullname for a release (the release name alone when it contains "hearth"). */
    private static String fullname(String release) {
        return release.contains("hearth") ? release : release + "-hearth";
    }

    /** The bash block under the chart README's heading {@code ## <heading>}. */
    private static String readmeBlock(String heading) {
        try {
            String readme = Files.readString(chart.resolve("README.md"));
            int at = readme.indexOf("\n## " + heading + "\n");
            assertThat(at).as("the chart README's section %s", heading).isNotNegative();
            int start = readme.indexOf("```bash\n", at) + "```bash\n".length();
            return readme.substring(start, readme.indexOf("```", start));
        } catch (IOException e) {
            throw new AssertionError("cannot read the chart README", e);
        }
    }

    /** The flags of the block's {@code helm install <release> deploy/helm/hearth …} (its continuation lines joined). */
    private static List<String> flags(String block) {
        String command = block.substring(block.indexOf("helm install ")).replace("\\\n", " ").lines().findFirst().orElseThrow();
        List<String> words = List.of(command.trim().split("\\s+"));
        assertThat(words.subList(0, 4)).as("the README's helm install").containsExactly("helm", "install", "hearth",
                "deploy/helm/hearth");
        return words.subList(4, words.size());
    }

    /** Runs the README block with bash in the repository root, as release {@code release}, kubectl and helm on the PATH. */
    private static Scripts.Result runReadme(String block, String release, Path namespaced) {
        String script = "cd '" + RunPaths.root() + "'\n" + block.replace("helm install hearth ", "helm install " + release + " ");
        return Scripts.run(List.of("bash", "-euo", "pipefail", "-c", script), Map.of(
                "KUBECONFIG", namespaced.toString(),
                "PATH", Kubectl.link().getParent() + ":" + System.getenv("PATH")), COMMAND_WITHIN);
    }

    /** A new namespace in the cluster and a kubeconfig whose context uses it. */
    private static Path namespace(String name) throws IOException {
        Scripts.ok(List.of(Kubectl.link().toString(), "--kubeconfig", kubeconfig.toString(), "create", "namespace", name),
                COMMAND_WITHIN);
        Path namespaced = Files.copy(kubeconfig, RunPaths.target("tmp").resolve(kubeconfig.getFileName() + "-" + name),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        kubectl(namespaced, "config", "set-context", "--current", "--namespace=" + name);
        return namespaced;
    }

    private static String kubectl(Path kubeconfigFile, String... args) {
        return Kubectl.withKubeconfig(kubeconfigFile).run(args);
    }

    /** {@code kubectl apply --dry-run=server --validate=strict} of the manifests; its output. */
    private static String serverDryRun(Path namespaced, String manifests) throws IOException {
        Path file = Files.writeString(Files.createTempFile(RunPaths.target("tmp"), "rendered", ".yaml"), manifests);
        return kubectl(namespaced, "apply", "--dry-run=server", "--validate=strict", "-f", file.toString());
    }

    private static String kubeconfigKey(Path namespaced, String fullname) {
        String data = kubectl(namespaced, "get", "secret", fullname + "-kubeconfig-key", "-o",
                "jsonpath={.data.kubeconfig-key}");
        return new String(Base64.getDecoder().decode(data.strip()));
    }

    /** {@code helm template <release> deploy/helm/hearth <flags> <extra>}: the rendered manifests. */
    private static String render(String release, List<String> flags, String... extra) {
        List<String> args = new ArrayList<>(List.of("template", release, chart.toString()));
        args.addAll(flags);
        args.addAll(List.of(extra));
        return helm(args.toArray(String[]::new));
    }

    private static String helm(String... args) {
        Scripts.Result result = helmResult(Stream.of(args));
        assertThat(result.exitCode()).as("helm %s:\n%s", String.join(" ", args), result.stderr()).isZero();
        return result.stdout();
    }

    private static Scripts.Result helmResult(Stream<String> args) {
        List<String> command = Stream.concat(Stream.of(Helm.link().toString()), args).toList();
        return Scripts.run(command, COMMAND_WITHIN);
    }

    /** The rendered document of that kind and name. */
    private static JsonNode document(String rendered, String kind, String name) throws IOException {
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(rendered)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && kind.equals(document.path("kind").asText())
                        && name.equals(document.at("/metadata/name").asText())) {
                    return document;
                }
            }
        }
        throw new AssertionError("no " + kind + " " + name + " in:\n" + rendered);
    }

    private static String secretOf(JsonNode container, String variable) {
        return env(container, variable).at("/valueFrom/secretKeyRef/name").asText();
    }

    private static String valueOf(JsonNode container, String variable) {
        return env(container, variable).path("value").asText();
    }

    private static JsonNode env(JsonNode container, String variable) {
        for (JsonNode entry : container.path("env")) {
            if (variable.equals(entry.path("name").asText())) {
                return entry;
            }
        }
        throw new AssertionError("no " + variable + " in the backend container's env: " + container.path("env"));
    }
}
