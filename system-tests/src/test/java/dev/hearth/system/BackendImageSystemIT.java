package dev.hearth.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The backend's container image as deploy/helm/hearth runs it: built by {@code node-image/build-images.sh
 * backend} from the local base image (no pull), tagged with the project version, started as its own
 * unprivileged user with a read-only root file system, no capabilities and only {@code /tmp} writable,
 * against the real PostgreSQL and Keycloak; it must answer the chart's probe paths, and its metrics to an admin only.
 *
 * <p>No {@link SystemStack} here: building the image packages platform-backend again with Maven, which
 * must not rewrite the jar under a running backend.
 */
// The first build on a machine packages the backend and runs jlink (minutes); later ones find the image by tag.
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class BackendImageSystemIT {

    private static final Duration BUILD_WITHIN = Duration.ofMinutes(25);
    private static final Duration READY_WITHIN = Duration.ofMinutes(3);
    private static final Duration DOCKER_WITHIN = Duration.ofMinutes(1);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void theBackendImageServesItsProbesReadOnlyAndUnprivileged() throws Exception {
        String ref = built();
        String version = projectVersion();
        assertThat(ref).as("the image build-images.sh prints").startsWith("hearth/platform-backend:" + version + "-");
        assertThat(docker("image", "inspect", "-f", "{{.Id}}", "hearth/platform-backend:" + version))
                .as("the version tag (the chart's default) names the same image").isEqualTo(docker("image", "inspect", "-f", "{{.Id}}", ref));
        assertThat(docker("image", "inspect", "-f", "{{.Config.User}}", ref)).isEqualTo("10001:10001");

        SystemDatabase.recreate();
        int port = FreePorts.next();
        String name = "hearth-image-check-" + port;
        List<String> run = new ArrayList<>(List.of("run", "-d", "--name", name, "--label", "dev.hearth.test=backend-image",
                "--network", "host", "--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL",
                "--security-opt", "no-new-privileges"));
        Map.of("QUARKUS_HTTP_HOST", "127.0.0.1",
                "QUARKUS_HTTP_PORT", Integer.toString(port),
                "QUARKUS_DATASOURCE_JDBC_URL", SystemDatabase.jdbcUrl(),
                "QUARKUS_DATASOURCE_USERNAME", SystemDatabase.USER,
                "QUARKUS_DATASOURCE_PASSWORD", SystemDatabase.PASSWORD,
                "HEARTH_KUBECONFIG_KEY", randomKey(),
                "JAVA_TOOL_OPTIONS", "-Xmx384m").forEach((variable, value) -> run.addAll(List.of("-e", variable + "=" + value)));
        run.add(ref);
        docker(run.toArray(String[]::new));
        try {
            URI base = URI.create("http://127.0.0.1:" + port);
            Waits.until("the backend image's /q/health/ready", READY_WITHIN, () -> {
                if (status(base.resolve("/q/health/ready"), null) == 200) {
                    return true;
                }
                if (!"true".equals(docker("inspect", "-f", "{{.State.Running}}", name))) {
                    Scripts.Result log = Scripts.run(List.of("docker", "logs", "--tail", "40", name), DOCKER_WITHIN);
                    throw new AssertionError("the backend container exited; its log:\n" + log.stdout() + log.stderr());
                }
                return false;
            });
            for (String path : List.of("/q/health/started", "/q/health/live")) {
                assertThat(status(base.resolve(path), null)).as("GET %s", path).isEqualTo(200);
            }
            // Metrics are an operator's (docs/security.md): anonymous 401, an admin's token 200.
            assertThat(status(base.resolve("/q/metrics"), null)).as("GET /q/metrics without a credential").isEqualTo(401);
            assertThat(status(base.resolve("/q/metrics"), new KeycloakTokens("admin").bearer()))
                    .as("GET /q/metrics as an admin").isEqualTo(200);
            assertThat(docker("exec", name, "id", "-u")).as("the user it runs as").isEqualTo("10001");
            Scripts.Result write = Scripts.run(List.of("docker", "exec", name, "touch", "/opt/hearth/app/x"), DOCKER_WITHIN);
            assertThat(write.exitCode()).as("writing outside /tmp").isNotZero();
            assertThat(write.stderr()).contains("Read-only file system");
        } finally {
            Scripts.run(List.of("docker", "rm", "-f", name), DOCKER_WITHIN);
        }
    }

    private static String built() {
        String out = Scripts.ok(List.of(RunPaths.root().resolve("node-image/build-images.sh").toString(), "backend"), BUILD_WITHIN);
        return out.lines().filter(line -> line.startsWith("backend=")).map(line -> line.substring("backend=".length()).strip())
                .findFirst().orElseThrow(() -> new AssertionError("build-images.sh backend printed no backend= line: " + out));
    }

    private static String projectVersion() throws Exception {
        Matcher version = Pattern.compile("<version>([^<]+)</version>").matcher(Files.readString(RunPaths.root().resolve("pom.xml")));
        assertThat(version.find()).isTrue();
        return version.group(1);
    }

    private static String docker(String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        return Scripts.ok(command, DOCKER_WITHIN).strip();
    }

    /** The status of a GET, with {@code authorization} as its header unless null; -1 when nothing answers. */
    private static int status(URI uri, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
