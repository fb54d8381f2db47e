package dev.hearth.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The packaged readiness endpoint, with the real Docker engine of this machine behind it. */
@QuarkusTest
class DockerReadinessIT {

    @TestHTTPResource("/q/health/ready")
    URI ready;

    @Test
    void theAgentIsReadyWhileDockerAnswers() throws Exception {
        HttpResponse<String> response = get(ready);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode check = dockerCheck(response.body());
        assertThat(check.path("status").asText()).isEqualTo("UP");
        assertThat(check.path("data").path("address").asText()).isEqualTo("unix:///var/run/docker.sock");
        assertThat(check.path("data").path("version").asText()).matches("\\d+\\.\\d+.*");
    }

    static HttpResponse<String> get(URI uri) throws Exception {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    static JsonNode dockerCheck(String body) throws Exception {
        for (JsonNode check : new ObjectMapper().readTree(body).path("checks")) {
            if (check.path("name").asText().equals(DockerReadinessCheck.NAME)) {
                return check;
            }
        }
        throw new AssertionError("no '" + DockerReadinessCheck.NAME + "' check in " + body);
    }
}
