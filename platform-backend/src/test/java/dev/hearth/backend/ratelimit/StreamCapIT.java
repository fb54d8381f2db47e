package dev.hearth.backend.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Eventually;
import dev.hearth.backend.testing.Fixtures;
import dev.hearth.backend.testing.Keycloak;
import dev.hearth.backend.testing.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One person holds at most hearth.rate-limits.streams-per-person live streams (docs/security.md,
 * "Limits per user and per host"); one more is a 429 problem saying why, others are unaffected, and
 * closing a stream frees its place.
 */
@QuarkusTest
class StreamCapIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URI app;

    @Inject
    RateLimitSettings settings;

    @Inject
    Fixtures fixtures;

    private final List<SseClient> open = new ArrayList<>();

    @BeforeEach
    @AfterEach
    void clean() {
        open.forEach(SseClient::close);
        open.clear();
        fixtures.forget("alice", "bob");
    }

    @Test
    void aPersonsStreamsAreCappedAndClosingOneFreesItsPlace() throws Exception {
        String alices = Api.as("alice").body(Map.of()).post("/api/v1/clusters").then().statusCode(202).extract().path("id");
        String bobs = Api.as("bob").body(Map.of()).post("/api/v1/clusters").then().statusCode(202).extract().path("id");
        URI alicesEvents = app.resolve("/api/v1/clusters/" + alices + "/events");
        for (int i = 0; i < settings.streamsPerPerson(); i++) {
            open.add(SseClient.open(alicesEvents, Keycloak.bearer("alice"), null));
        }

        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(alicesEvents).header("Accept", "text/event-stream")
                .header("Authorization", Keycloak.bearer("alice")).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(refused.body()).contains("too-many-streams", "live views open");

        open.add(SseClient.open(app.resolve("/api/v1/clusters/" + bobs + "/events"), Keycloak.bearer("bob"), null));

        open.removeFirst().close();
        Eventually.until("alice's closed stream to free its place", Duration.ofSeconds(20), () -> {
            try {
                open.add(SseClient.open(alicesEvents, Keycloak.bearer("alice"), null));
                return true;
            } catch (AssertionError stillFull) {
                return false;
            }
        });
    }
}
