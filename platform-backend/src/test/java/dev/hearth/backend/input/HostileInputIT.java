package dev.hearth.backend.input;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.backend.input.Routes.Route;
import dev.hearth.backend.testing.Keycloak;
import dev.hearth.backend.testing.PortalSession;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile text in every input of every route (issue 19): NUL, other control characters, an RTL
 * override, 10 KB, and bytes that are not UTF-8, each in turn in every path parameter, query
 * parameter, form field and JSON field — API routes with an admin's Keycloak token, page routes with
 * a signed-in session and its CSRF token. Nothing may answer 5xx, and NUL or a control character in
 * any input must be a 400 that names the field.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIT {

    /** A hostile value: how it goes into a URL or form (percent-encoded bytes) and into JSON (raw body bytes). */
    record Hostile(String label, String encoded, byte[] jsonString, boolean control) {

        static Hostile text(String label, String value, boolean control) {
            try {
                byte[] json = new ObjectMapper().writeValueAsBytes(value);
                return new Hostile(label, percent(value.getBytes(StandardCharsets.UTF_8)), json, control);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static Hostile bytes(String label, byte[] bytes) {
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            json.write('"');
            json.writeBytes(bytes);
            json.write('"');
            return new Hostile(label, percent(bytes), json.toByteArray(), true);
        }
    }

    static final List<Hostile> HOSTILE = List.of(
            Hostile.text("NUL", "c-abc\u0000", true),
            Hostile.text("control characters", "a\u0001b\u001b[31mc\u007f", true),
            Hostile.text("C1 control", "x\u0085y", true),
            Hostile.text("RTL override", "\u202Eevil\u200F.txt", false),
            Hostile.text("10 KB", "x".repeat(10 * 1024), false),
            Hostile.bytes("invalid UTF-8", new byte[] {'a', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, 'b'}));

    @TestHTTPResource("/")
    URI app;

    private final HttpClient api = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private PortalSession session;
    private Routes routes;

    @BeforeAll
    void setUp() {
        routes = Routes.scan();
        session = PortalSession.signIn(app, "admin");
    }

    @Test
    void theRoutesAreAllFound() throws IOException, InterruptedException {
        assertThat(routes.all()).hasSizeGreaterThan(60);
        JsonNode openapi = new ObjectMapper().readTree(send(HttpRequest.newBuilder(app.resolve("/q/openapi?format=json")),
                false).body());
        Set<String> scanned = new HashSet<>();
        routes.all().forEach(r -> scanned.add(r.method().toLowerCase() + " " + r.path()));
        List<String> missing = new ArrayList<>();
        openapi.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(verb -> {
            if (!scanned.contains(verb + " " + path.getKey())) {
                missing.add(verb + " " + path.getKey());
            }
        }));
        assertThat(missing).as("OpenAPI operations the route scan did not find").isEmpty();
    }

    @Test
    void theFourReportedCasesAre400sNamingTheField() throws IOException, InterruptedException {
        expect400(send(bearer(HttpRequest.newBuilder(app.resolve("/api/v1/clusters/c-abc%00"))), false), "id", true);
        expect400(send(bearer(HttpRequest.newBuilder(app.resolve("/api/v1/clusters/%00/events"))), false), "id", true);
        HttpResponse<String> page = send(page(HttpRequest.newBuilder(app.resolve("/clusters/%00")).header("Accept", "text/html")),
                false);
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("Id: contains the control character U+0000");
        expect400(send(bearer(HttpRequest.newBuilder(app.resolve("/api/v1/classrooms/join")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"\\u0000\"}")), false), "code", true);
    }

    @Test
    void noHostileStringInAnyInputOfAnyRouteIsAServerError() throws IOException, InterruptedException {
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (Route route : routes.all()) {
            for (Hostile hostile : HOSTILE) {
                for (String slot : route.pathParams()) {
                    failures.addAll(check(route, "path " + slot, hostile, slot,
                            request(route, Map.of(slot, hostile.encoded()), null, null, null)));
                    sent++;
                }
                for (String slot : route.queryParams()) {
                    failures.addAll(check(route, "query " + slot, hostile, slot,
                            request(route, Map.of(), slot + "=" + hostile.encoded(), null, null)));
                    sent++;
                }
                for (String slot : route.formFields()) {
                    failures.addAll(check(route, "form " + slot, hostile, slot, request(route, Map.of(), null, slot, hostile)));
                    sent++;
                }
                if (route.jsonFields() != null) {
                    for (String slot : route.jsonFields()) {
                        failures.addAll(check(route, "json " + slot, hostile, slot, request(route, Map.of(), null, slot, hostile)));
                        sent++;
                    }
                }
            }
        }
        assertThat(sent).isGreaterThan(300);
        assertThat(failures).as("of " + sent + " hostile requests").isEmpty();
    }

    private List<String> check(Route route, String where, Hostile hostile, String field, HttpResponse<String> response) {
        String what = route + " with " + hostile.label() + " in " + where + ": HTTP " + response.statusCode() + " "
                + abbreviate(response.body());
        if (response.statusCode() >= 500) {
            return List.of(what);
        }
        if (hostile.control() && response.statusCode() != 400 && response.statusCode() != 414) {
            return List.of(what + " (expected 400)");
        }
        // Pages show the problem as a sentence, so the field's first letter may be capitalised.
        if (hostile.control() && response.statusCode() == 400 && !response.body().toLowerCase().contains(field.toLowerCase())) {
            return List.of(what + " (the error does not name '" + field + "')");
        }
        return List.of();
    }

    private HttpResponse<String> request(Route route, Map<String, String> pathValues, String query, String bodySlot,
            Hostile bodyValue) throws IOException, InterruptedException {
        String path = route.path();
        for (String name : route.pathParams()) {
            path = path.replace("{" + name + "}", pathValues.getOrDefault(name, "x"));
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(app.resolve(path) + (query == null ? "" : "?" + query)));
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        if (!route.formFields().isEmpty()) {
            StringBuilder form = new StringBuilder();
            for (String field : route.formFields()) {
                form.append(form.isEmpty() ? "" : "&").append(field).append('=')
                        .append(field.equals(bodySlot) ? bodyValue.encoded() : "x");
            }
            builder.header("Content-Type", "application/x-www-form-urlencoded");
            body = HttpRequest.BodyPublishers.ofString(form.toString());
        } else if (route.jsonFields() != null) {
            builder.header("Content-Type", "application/json");
            body = HttpRequest.BodyPublishers.ofByteArray(json(bodySlot, bodyValue));
        }
        builder.method(route.method(), body);
        builder.header("Accept", route.stream() ? "text/event-stream" : "*/*");
        HttpRequest.Builder authorised = route.api() ? bearer(builder) : page(builder);
        try {
            return send(authorised, route.stream());
        } catch (IOException first) {
            // The server may close a kept-alive connection after answering a malformed request; the
            // client retries only GETs on a fresh one by itself, so retry the others once here.
            try {
                return send(authorised, route.stream());
            } catch (IOException e) {
                // No answer at all is as bad as a 500: the caller cannot tell what was wrong.
                return new NoAnswer(builder.build(), e.toString());
            }
        }
    }

    /** The server closed the connection without an HTTP answer; reported like a 5xx. */
    private record NoAnswer(HttpRequest request, String body) implements HttpResponse<String> {
        public int statusCode() { return 599; }
        public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
        public java.net.http.HttpHeaders headers() { return java.net.http.HttpHeaders.of(Map.of(), (a, b) -> true); }
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return java.util.Optional.empty(); }
        public URI uri() { return request.uri(); }
        public HttpClient.Version version() { return HttpClient.Version.HTTP_1_1; }
    }

    /** {@code {"slot": <hostile>}}: one field, so the refusal cannot come from another. */
    private static byte[] json(String slot, Hostile value) {
        if (slot == null) {
            return "{}".getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("{\"" + slot + "\":").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(value.jsonString());
        out.write('}');
        return out.toByteArray();
    }

    private HttpRequest.Builder bearer(HttpRequest.Builder builder) {
        return builder.header("Authorization", Keycloak.bearer("admin"));
    }

    private HttpRequest.Builder page(HttpRequest.Builder builder) {
        return builder.header("X-CSRF-Token", session.csrfToken());
    }

    /** Streams are read only as far as their status and first bytes: a stream that opened must not hold the test. */
    private HttpResponse<String> send(HttpRequest.Builder builder, boolean stream) throws IOException, InterruptedException {
        HttpClient client = builder.build().headers().firstValue("Authorization").isPresent() ? api : session.client();
        HttpResponse<InputStream> response = client.send(builder.timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        String body;
        try (InputStream in = response.body()) {
            body = stream && response.statusCode() == 200 ? "(stream)" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return new Captured(response, body);
    }

    private static void expect400(HttpResponse<String> response, String field, boolean problem) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        if (problem) {
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            JsonNode body = new ObjectMapper().readTree(response.body());
            assertThat(body.path("type").asText()).isEqualTo("https://hearth.dev/problems/validation");
            assertThat(body.path("errors").get(0).path("field").asText()).isEqualTo(field);
            assertThat(body.path("errors").get(0).path("message").asText()).contains("control character U+0000");
        }
    }

    private static String abbreviate(String body) {
        String flat = body.replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
    }

    private static String percent(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    /** A response whose body was read as far as the test needs. */
    private record Captured(HttpResponse<InputStream> raw, String body) implements HttpResponse<String> {
        public int statusCode() { return raw.statusCode(); }
        public HttpRequest request() { return raw.request(); }
        public java.util.Optional<HttpResponse<String>> previousResponse() { return java.util.Optional.empty(); }
        public java.net.http.HttpHeaders headers() { return raw.headers(); }
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() { return raw.sslSession(); }
        public URI uri() { return raw.uri(); }
        public HttpClient.Version version() { return raw.version(); }
    }
}
