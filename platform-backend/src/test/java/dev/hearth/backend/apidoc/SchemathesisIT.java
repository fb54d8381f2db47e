package dev.hearth.backend.apidoc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * schemathesis (PyPI, pinned and installed by {@code ./hearth test}, which names it in
 * {@code HEARTH_SCHEMATHESIS}) against this app's {@code /q/openapi}, with a real API token of an
 * admin holding every scope: every check, every phase including the stateful one that follows the
 * document's links. The run must find no server error and no response that breaks the document.
 */
@QuarkusTest
class SchemathesisIT {

    @TestHTTPResource("/")
    URI app;

    @Inject
    Fixtures fixtures;

    @Inject
    EntityManager em;

    private final List<UUID> hostsBefore = new ArrayList<>();

    @Test
    void schemathesisFindsNoServerErrorAndNoSpecViolation() throws IOException, InterruptedException {
        String cli = System.getenv("HEARTH_SCHEMATHESIS");
        assertThat(cli).as("HEARTH_SCHEMATHESIS (the schemathesis CLI ./hearth test installs; run the tests with ./hearth test)")
                .isNotBlank();
        hostsBefore.addAll(hosts());
        String token = Api.as("admin")
                .body(Map.of("name", "schemathesis", "scopes", List.of("clusters:read", "clusters:write", "tokens",
                        "hosts:admin", "classrooms")))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
        Path reports = Path.of("target", "schemathesis").toAbsolutePath();
        Files.createDirectories(reports);
        // Kept beside the report: a finding names operations of this document, which changes with the code.
        Files.writeString(reports.resolve("openapi.json"),
                Api.anonymous().get("/q/openapi?format=json").then().statusCode(200).extract().asString());
        // The checks, and those left out (for the whole run or one operation), each with its reason.
        Path config = Path.of("src", "test", "resources", "schemathesis.toml").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(cli, "--config-file", config.toString(), "run", app.resolve("/q/openapi").toString(),
                "--phases", "examples,coverage,fuzzing,stateful",
                "--max-examples", "25",
                "--seed", "19",
                "--workers", "1",
                "--request-timeout", "15",
                "--generation-database", "none",
                "--header", "Authorization: Bearer " + token,
                "--report", "junit", "--report-dir", reports.toString(),
                "--no-color"));
        // Revoking a token: with links inferred from GET /api/v1/tokens, the run revokes the very token it
        // authenticates with, and every later call is a 401 that tests nothing.
        command.addAll(List.of("--exclude-operation-id", "TokenResource_revoke"));
        Path output = reports.resolve("output.txt");
        // In target/: schemathesis keeps a .schemathesis cache in its working directory.
        Process run = new ProcessBuilder(command).directory(reports.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        boolean finished = run.waitFor(12, TimeUnit.MINUTES);
        if (!finished) {
            run.destroyForcibly();
        }
        String log = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(finished).as("schemathesis finished within 12 minutes; its output:\n" + tail(log)).isTrue();
        assertThat(run.exitValue()).as("schemathesis' exit code; its output:\n" + tail(log)).isZero();
    }

    @AfterEach
    void clean() {
        fixtures.forget("admin");
        removeHostsExcept(hostsBefore);
    }

    private List<UUID> hosts() {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("SELECT id FROM host", UUID.class)
                .getResultList().stream().map(UUID.class::cast).toList());
    }

    /** Hosts the run enrolled are never connected, so none holds a cluster; removed so later tests see none of them. */
    private void removeHostsExcept(List<UUID> keep) {
        for (UUID id : hosts()) {
            if (!keep.contains(id)) {
                QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "DELETE FROM host WHERE id = :id AND NOT EXISTS (SELECT 1 FROM cluster WHERE host_id = :id)")
                        .setParameter("id", id).executeUpdate());
            }
        }
    }

    private static String tail(String log) {
        return log.length() > 20_000 ? "…" + log.substring(log.length() - 20_000) : log;
    }
}
