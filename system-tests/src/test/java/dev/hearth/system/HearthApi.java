package dev.hearth.system;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The REST API v1 (docs/architecture.md, "The backend") as automation uses it: plain HTTP with a real Keycloak JWT, no client
 * library of the backend. Every call checks the status it expects and otherwise fails with the
 * problem+json body, which names what went wrong.
 */
public final class HearthApi {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final URI base;
    private final KeycloakTokens tokens;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HearthApi(URI base, KeycloakTokens tokens) {
        this.base = base;
        this.tokens = tokens;
    }

    public URI base() {
        return base;
    }

    /** Enrols a host (admin); the answer carries its agent token, this once. */
    public HostState enrolHost(String name) {
        return read(send("POST", "/api/v1/hosts", Map.of("name", name), 201), HostState.class);
    }

    public List<HostState> hosts() {
        return read(send("GET", "/api/v1/hosts", null, 200), new TypeReference<>() { });
    }

    public HostState host(String name) {
        return hosts().stream().filter(h -> h.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("host " + name + " is not listed by GET /api/v1/hosts"));
    }

    /** {@code POST /api/v1/clusters}: 202 and the new cluster. */
    public ClusterState requestCluster(String name) {
        return read(send("POST", "/api/v1/clusters", Map.of("name", name), 202), ClusterState.class);
    }

    public ClusterState cluster(String id) {
        return read(send("GET", "/api/v1/clusters/" + id, null, 200), ClusterState.class);
    }

    public List<ClusterEvent> events(String id) {
        return read(send("GET", "/api/v1/clusters/" + id + "/events", null, 200), new TypeReference<>() { });
    }

    /** The admin kubeconfig, as the owner downloads it once the cluster is READY. */
    public String kubeconfig(String id) {
        return send("GET", "/api/v1/clusters/" + id + "/kubeconfig", "application/yaml", null, 200).body();
    }

    /** {@code DELETE /api/v1/clusters/{id}}: 202 and the cluster, now DELETING. */
    public ClusterState deleteCluster(String id) {
        return read(send("DELETE", "/api/v1/clusters/" + id, null, 202), ClusterState.class);
    }

    /** Waits until the cluster is in {@code phase}; fails at once if it lands in FAILED instead. */
    public ClusterState awaitPhase(String id, Phase phase, Duration timeout) {
        return Waits.until("cluster " + id + " to be " + phase, timeout, () -> {
            ClusterState state = cluster(id);
            if (state.phase() == Phase.FAILED && phase != Phase.FAILED) {
                throw new AssertionError("cluster " + id + " FAILED while waiting for " + phase + ": " + state.message());
            }
            return state;
        }, state -> state.phase() == phase);
    }

    /** The same API as another user of the dev realm (e.g. the instructor irene, the participant alice). */
    public HearthApi as(String user) {
        return new HearthApi(base, tokens.as(user));
    }

    /** The {@code Authorization} header this API sends (the person's current access token). */
    public String bearer() {
        return tokens.bearer();
    }

    /** Any call, for features without a typed method here: the JSON answer as a tree. */
    public JsonNode call(String method, String path, Object body, int expected) {
        try {
            return JSON.readTree(send(method, path, body, expected).body());
        } catch (IOException e) {
            throw new AssertionError("unreadable answer from " + method + " " + path, e);
        }
    }

    /** A {@code text/plain} answer (log downloads). */
    public String text(String path) {
        return send("GET", path, "text/plain", null, 200).body();
    }

    /** Any call answered in plain text (a log as a download), its body as-is. */
    public String text(String method, String path, int expected) {
        return send(method, path, "text/plain", null, expected).body();
    }

    /**
     * A request for a live {@code text/event-stream} that is expected to be refused (e.g. 404 for
     * another user's log): a stream that is served instead would hold this call for its timeout.
     */
    public String refusedEventStream(String path, int expected) {
        if (expected < 400) {
            throw new IllegalArgumentException("only refusals can be read whole; " + path + " would stream");
        }
        return send("GET", path, "text/event-stream", null, expected).body();
    }

    public boolean ready() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpResponse<String> send(String method, String path, Object body, int expected) {
        return send(method, path, "application/json", body, expected);
    }

    private HttpResponse<String> send(String method, String path, String accept, Object body, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", tokens.bearer())
                .header("Accept", accept);
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(write(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new AssertionError(method + " " + path + ": expected HTTP " + expected + " but got "
                        + response.statusCode() + ": " + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + base.resolve(path) + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(HttpResponse<String> response, Class<T> type) {
        try {
            return JSON.readValue(response.body(), type);
        } catch (IOException e) {
            throw new AssertionError("unreadable answer from " + response.uri() + ": " + response.body(), e);
        }
    }

    private static <T> T read(HttpResponse<String> response, TypeReference<T> type) {
        try {
            return JSON.readValue(response.body(), type);
        } catch (IOException e) {
            throw new AssertionError("unreadable answer from " + response.uri() + ": " + response.body(), e);
        }
    }
}
