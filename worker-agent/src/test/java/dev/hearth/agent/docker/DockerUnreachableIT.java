package dev.hearth.agent.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An agent pointed at an address where no engine answers starts anyway and says why it is not ready. */
@QuarkusTest
@TestProfile(DockerUnreachableIT.NoEngine.class)
class DockerUnreachableIT {

    static final String ADDRESS = "unix:///run/hearth-test/no-docker-here.sock";

    public static class NoEngine implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hearth.agent.docker.host", ADDRESS, "hearth.agent.docker.timeout", "1s");
        }
    }

    @TestHTTPResource("/q/health/ready")
    URI ready;

    @TestHTTPResource("/q/health/live")
    URI live;

    @Test
    void readinessIsDownNamingTheAddress() throws Exception {
        HttpResponse<String> response = DockerReadinessIT.get(ready);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        JsonNode check = DockerReadinessIT.dockerCheck(response.body());
        assertThat(check.path("status").asText()).isEqualTo("DOWN");
        assertThat(check.path("data").path("message").asText())
                .startsWith("Docker engine not reachable at " + ADDRESS + ": ");
    }

    @Test
    void theAgentItselfStaysAlive() throws Exception {
        assertThat(DockerReadinessIT.get(live).statusCode()).isEqualTo(200);
    }
}
