package dev.hearth.backend.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Fixtures;
import dev.hearth.backend.testing.Keycloak;
import dev.hearth.backend.testing.PortalSession;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Page routes are for the browser session only (docs/security.md, "Browser and API tokens"): no
 * {@code Authorization: Bearer} credential, an API token of any scope or a Keycloak JWT, gets further
 * on a page than no credential at all; and a session's unsafe request needs the CSRF header whatever
 * other headers it carries. The routes are read from the application's own classes, so a page added
 * later is covered without editing this test.
 */
@QuarkusTest
class PageRoutesIT {

    private static final List<String> HTTP_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    @TestHTTPResource("/")
    URI app;

    @Inject
    Fixtures fixtures;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    record Route(String method, String template) {
        String path(String clusterId) {
            return template.replace("{id}", clusterId).replaceAll("\\{[^}]+}", "x");
        }
    }

    @BeforeEach
    void clean() {
        fixtures.forget("alice", "admin");
    }

    @Test
    void noBearerCredentialOfAnyScopeGetsFurtherOnAPageThanNoCredential() throws Exception {
        String clusterId = Api.as("alice").body(Map.of()).post("/api/v1/clusters").then().statusCode(202).extract().path("id");
        Map<String, String> bearers = new java.util.LinkedHashMap<>();
        for (Scope scope : Scope.values()) {
            String owner = scope == Scope.HOSTS_ADMIN ? "admin" : "alice";
            bearers.put("hth_ token with " + scope, Api.as(owner)
                    .body(Map.of("name", "only-" + scope.value().replace(':', '-'), "scopes", List.of(scope.value())))
                    .post("/api/v1/tokens").then().statusCode(201).extract().path("token"));
        }
        bearers.put("Keycloak JWT of alice", Keycloak.accessToken("alice"));
        bearers.put("Keycloak JWT of admin", Keycloak.accessToken("admin"));

        List<Route> routes = pageRoutes();
        assertThat(routes).as("page routes found in the application").hasSizeGreaterThan(30)
                .contains(new Route("DELETE", "/clusters/{id}"), new Route("POST", "/tokens"), new Route("POST", "/hosts"));
        List<String> gotFurther = new ArrayList<>();
        for (Route route : routes) {
            int anonymous = status(route, clusterId, null);
            for (Map.Entry<String, String> bearer : bearers.entrySet()) {
                int withBearer = status(route, clusterId, bearer.getValue());
                if (withBearer != anonymous) {
                    gotFurther.add(route.method() + " " + route.template() + " with " + bearer.getKey() + ": "
                            + withBearer + " (anonymous: " + anonymous + ")");
                }
            }
        }
        assertThat(gotFurther).as("page routes that answered a bearer credential differently from no credential").isEmpty();
        Api.as("alice").get("/api/v1/clusters/" + clusterId).then().statusCode(200)
                .body("phase", org.hamcrest.Matchers.not("DELETED"));
    }

    @Test
    void aSessionsUnsafeRequestNeedsTheCsrfHeaderEvenWithAnAuthorizationHeader() {
        String token = Api.as("alice").body(Map.of("name", "all", "scopes", List.of("clusters:read", "clusters:write")))
                .post("/api/v1/tokens").then().statusCode(201).extract().path("token");
        PortalSession alice = PortalSession.signIn(app, "alice");
        HttpRequest.BodyPublisher form = HttpRequest.BodyPublishers.ofString("name=csrf-probe");

        HttpResponse<String> noHeader = alice.exchange(alice.request("/clusters")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(form));
        HttpResponse<String> bearerInstead = alice.exchange(alice.request("/clusters")
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Bearer " + token)
                .POST(form));

        assertThat(noHeader.statusCode()).as("session cookie, no CSRF header").isEqualTo(403);
        assertThat(noHeader.body()).contains("security token is missing or out of date");
        assertThat(bearerInstead.statusCode()).as("session cookie and a bearer token, no CSRF header").isEqualTo(403);
        Api.as("alice").get("/api/v1/clusters").then().statusCode(200).body("size()", org.hamcrest.Matchers.equalTo(0));

        HttpResponse<String> withHeader = alice.exchange(alice.request("/clusters")
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-CSRF-Token", alice.csrfToken())
                .POST(form));
        assertThat(withHeader.statusCode()).as("session cookie with the CSRF header").isBetween(200, 303);
        Api.as("alice").get("/api/v1/clusters").then().statusCode(200).body("[0].name", org.hamcrest.Matchers.equalTo("csrf-probe"));
    }

    /** Status of one request, reading no body: an SSE stream would never end. */
    private int status(Route route, String clusterId, String bearer) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.resolve(route.path(clusterId)))
                .timeout(Duration.ofSeconds(20)).header("Accept", "text/html")
                .method(route.method(), route.method().equals("GET") || route.method().equals("DELETE")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("name=x"));
        if (!route.method().equals("GET") && !route.method().equals("DELETE")) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            return response.statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(route + " with " + (bearer == null ? "no credential" : "a bearer"), e);
        }
    }

    /** Every JAX-RS method outside /api, read from the application's compiled classes. */
    static List<Route> pageRoutes() throws IOException, ClassNotFoundException {
        java.nio.file.Path classes = java.nio.file.Path.of("target", "classes");
        List<Route> routes = new ArrayList<>();
        List<java.nio.file.Path> files;
        try (Stream<java.nio.file.Path> walk = Files.walk(classes)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).toList();
        }
        for (java.nio.file.Path file : files) {
            String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
            Class<?> type = Class.forName(name, false, PageRoutesIT.class.getClassLoader());
            Path root = type.getAnnotation(Path.class);
            if (root == null || join("/", root.value()).startsWith("/api/")) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                String httpMethod = httpMethod(method);
                if (httpMethod == null) {
                    continue;
                }
                Path sub = method.getAnnotation(Path.class);
                routes.add(new Route(httpMethod, join(join("/", root.value()), sub == null ? "" : sub.value())));
            }
        }
        routes.sort(Comparator.comparing(Route::template).thenComparing(Route::method));
        return routes;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null && HTTP_METHODS.contains(http.value())) {
                return http.value();
            }
        }
        return null;
    }

    private static String join(String base, String sub) {
        String joined = (base.endsWith("/") ? base : base + "/") + (sub.startsWith("/") ? sub.substring(1) : sub);
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }
}
