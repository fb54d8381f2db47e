package dev.hearth.backend.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.backend.classroom.ClassroomFixtures;
import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Fixtures;
import dev.hearth.backend.testing.HostFixtures;
import dev.hearth.backend.testing.ProtocolPeer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Guessing is throttled (docs/security.md, "Browser and API tokens"): after its allowance of failed
 * guesses a client gets 429 problem+json with Retry-After, even with a right answer, while everybody
 * else carries on. Each guesser here connects from its own loopback address (127.0.0.x), so the
 * other tests of the run, all from 127.0.0.1, are not throttled by this one.
 */
@QuarkusTest
class RateLimitIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI app;

    @Inject
    RateLimitSettings settings;

    @Inject
    Fixtures fixtures;

    @Inject
    HostFixtures hosts;

    @Inject
    ClassroomFixtures classrooms;

    @BeforeEach
    @AfterEach
    void clean() {
        classrooms.removeAll();
        hosts.removeTestHosts();
        fixtures.forget("alice", "admin", "irene");
    }

    @Test
    void anAddressGuessingApiTokensIsTurnedAwayWhileOthersCarryOn() throws Exception {
        String real = Api.as("alice").body(Map.of("name", "ci", "scopes", List.of("clusters:read")))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
        HttpClient guesser = from("127.0.0.2");
        int allowed = settings.apiTokens().failures();
        for (int i = 0; i < allowed; i++) {
            assertThat(get(guesser, "hth_guess" + i + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").statusCode()).isEqualTo(401);
        }
        HttpResponse<String> refused = get(guesser, "hth_guessNextaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        tooMany(refused, "API token attempts");
        // Not even the right token gets through from there until the window ends...
        assertThat(get(guesser, real).statusCode()).isEqualTo(429);
        // ...while the token works from anywhere else.
        assertThat(get(from("127.0.0.1"), real).statusCode()).isEqualTo(200);
    }

    @Test
    void anAddressKnockingOnTheAgentChannelIsTurnedAwayWhileRealAgentsConnect() throws Exception {
        HttpClient knocker = from("127.0.0.3");
        URI channel = URI.create(app.toString().replaceFirst("^http", "ws") + "agent/v1/connect");
        int allowed = settings.agentUpgrades().failures();
        for (int i = 0; i < allowed; i++) {
            assertThat(upgrade(knocker, channel, "Bearer hha_guess" + i)).isEqualTo(401);
        }
        assertThat(upgrade(knocker, channel, "Bearer hha_guessNext")).isEqualTo(429);
        tooMany(knocker.send(HttpRequest.newBuilder(app.resolve("/agent/v1/connect")).build(),
                HttpResponse.BodyHandlers.ofString()), "agent connection attempts");

        HostFixtures.EnrolledHost host = hosts.enrol("ratelimit");
        try (ProtocolPeer agent = ProtocolPeer.connect(app, host.bearer())) {
            assertThat(agent).isNotNull();
        }
    }

    @Test
    void aPersonGuessingJoinCodesIsTurnedAwayWhileOthersJoin() {
        Map<String, Object> room = ClassroomFixtures.create("Guessing", 2);
        @SuppressWarnings("unchecked")
        String code = (String) ((Map<String, Object>) room.get("joinCode")).get("code");
        int allowed = settings.joinCodes().failures();
        // Other tests in this JVM may already have spent some of admin's failures (a hostile-input or API
        // fuzzing run joins with wrong codes too): wrong codes answer 404 until the limit, never more than
        // `allowed` of them, and then the guesser is refused.
        int wrong = 0;
        while (Api.as("admin").body(Map.of("code", String.format("ZZZZ-ZZ%02d", wrong))).post("/api/v1/classrooms/join")
                .then().extract().statusCode() == 404) {
            wrong++;
            assertThat(wrong).as("wrong join codes answered 404 before the limit").isLessThanOrEqualTo(allowed);
        }
        Api.as("admin").body(Map.of("code", code)).post("/api/v1/classrooms/join").then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*"))
                .body("type", equalTo("https://hearth.dev/problems/too-many-attempts"))
                .body("detail", org.hamcrest.Matchers.containsString("join code attempts"));
        Api.as("alice").body(Map.of("code", code)).post("/api/v1/classrooms/join").then().statusCode(200);
    }

    private static void tooMany(HttpResponse<String> response, String what) throws Exception {
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        long retryAfter = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo("https://hearth.dev/problems/too-many-attempts");
        assertThat(problem.path("status").asInt()).isEqualTo(429);
        assertThat(problem.path("detail").asText()).contains(what);
    }

    private static HttpClient from(String address) throws Exception {
        return HttpClient.newBuilder().localAddress(InetAddress.getByName(address)).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private HttpResponse<String> get(HttpClient client, String token) throws Exception {
        return client.send(HttpRequest.newBuilder(app.resolve("/api/v1/clusters")).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The HTTP status a WebSocket upgrade was refused with (101 if it was accepted). */
    private static int upgrade(HttpClient client, URI channel, String authorization) throws Exception {
        try {
            WebSocket socket = client.newWebSocketBuilder().header("Authorization", authorization)
                    .buildAsync(channel, new WebSocket.Listener() { }).get(20, TimeUnit.SECONDS);
            socket.abort();
            return 101;
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }
}
