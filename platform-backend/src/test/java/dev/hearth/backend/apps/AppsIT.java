package dev.hearth.backend.apps;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Eventually;
import dev.hearth.backend.testing.Fixtures;
import dev.hearth.backend.testing.HostFixtures;
import dev.hearth.harness.ControlPlane;
import dev.hearth.backend.testing.PortalSession;
import dev.hearth.backend.testing.AppTunnelPeer;
import dev.hearth.backend.testing.ProtocolPeer;
import dev.hearth.protocol.Capacity;
import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.Credentials;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.Hello;
import dev.hearth.protocol.ObservedPhase;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The app URL end to end against the real backend, PostgreSQL, Keycloak and a real kube-apiserver whose
 * Service {@code web} (port {@code http}) has an endpoint on this host: a small HTTP server standing in
 * for the WASI node's app (the node's side has its own tests, wasm-node's WagiIT). What is proven here
 * is what the portal adds: owner-only, the bearer API and the session page reach the app through a
 * tunnel over the host's agent channel (the agent's side played by {@link AppTunnelPeer}, which connects
 * to the Service's endpoint as the API server lists it) with method, path, query and body intact, the app cannot set cookies on
 * the portal's origin and its page runs sandboxed, a path cannot leave the app, and share links work
 * signed out until they expire or the cluster goes.
 */
@QuarkusTest
class AppsIT {

    static final Duration WAIT = Duration.ofSeconds(20);
    static ControlPlane apiServer;
    static HttpServer app;

    @TestHTTPResource("/")
    URI base;

    @Inject
    HostFixtures hosts;

    @Inject
    Fixtures fixtures;

    @Inject
    EntityManager em;

    private ProtocolPeer agent;
    private String clusterId;

    @BeforeAll
    static void startApiServerAndApp() throws IOException {
        String address = hostAddress();
        app = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 16);
        app.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String answer = exchange.getRequestMethod() + " " + exchange.getRequestURI() + " cookie="
                    + exchange.getRequestHeaders().getFirst("Cookie") + " authorization="
                    + exchange.getRequestHeaders().getFirst("Authorization") + " body=" + new String(body, StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().add("Set-Cookie", "q_session=stolen; Path=/");
            exchange.getResponseHeaders().add("Clear-Site-Data", "\"cookies\"");
            exchange.getResponseHeaders().add("X-Hearth", "app");
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().equals("/teapot") ? 418 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        app.start();
        apiServer = ControlPlane.start();
        try (KubernetesClient kubernetes = apiServer.adminClient()) {
            kubernetes.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName("web").endMetadata()
                    .withNewSpec().addNewPort().withName("http").withPort(80).withNewTargetPort(app.getAddress().getPort()).endPort()
                    .endSpec().build()).create();
            // The API server's service proxy only goes to addresses that are a pod's (its isValidAddress): a pod
            // stands for the WASI node's app pod, its status set as the node reports it (the pod IP is the node's).
            // No controller manager here to make the namespace's service account, which pod admission wants.
            kubernetes.serviceAccounts().inNamespace("default").resource(new ServiceAccountBuilder()
                    .withNewMetadata().withName("default").endMetadata().build()).createOr(c -> c.update());
            kubernetes.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("web-0").endMetadata()
                    .withNewSpec().addNewContainer().withName("web").withImage("x:1").endContainer()
                    .withAutomountServiceAccountToken(false).endSpec().build()).create();
            kubernetes.pods().inNamespace("default").resource(new PodBuilder(kubernetes.pods().inNamespace("default").withName("web-0").get())
                    .withNewStatus().withPhase("Running").withPodIP(address).addNewPodIP().withIp(address).endPodIP().endStatus()
                    .build()).updateStatus();
            kubernetes.endpoints().inNamespace("default").resource(new EndpointsBuilder().withNewMetadata().withName("web").endMetadata()
                    .addNewSubset().addNewAddress().withIp(address).withNewTargetRef().withKind("Pod").withNamespace("default")
                        .withName("web-0").endTargetRef().endAddress()
                    .addNewPort().withName("http").withPort(app.getAddress().getPort()).endPort().endSubset().build()).create();
            kubernetes.discovery().v1().endpointSlices().inNamespace("default").resource(new EndpointSliceBuilder()
                    .withNewMetadata().withName("web-1").withLabels(Map.of("kubernetes.io/service-name", "web")).endMetadata()
                    .withAddressType("IPv4")
                    .addNewEndpoint().withAddresses(address).withNewConditions().withReady(true).endConditions().endEndpoint()
                    .addNewPort().withName("http").withPort(app.getAddress().getPort()).withProtocol("TCP").endPort().build()).create();
        }
    }

    @AfterAll
    static void stop() {
        if (apiServer != null) {
            apiServer.close();
        }
        if (app != null) {
            app.stop(0);
        }
    }

    @BeforeEach
    void readyCluster() {
        hosts.removeTestHosts();
        fixtures.forget("alice", "bob");
        clusterId = Api.as("alice").body(Map.of()).post("/api/v1/clusters").then().statusCode(202).extract().path("id");
        HostFixtures.EnrolledHost host = hosts.enrol("apps");
        agent = ProtocolPeer.connect(base, host.bearer());
        AppTunnelPeer.serve(agent, apiServer::adminClient);
        agent.send(new Hello(host.name(), "test-agent/1.0", new Capacity(2, 8192L * 1024 * 1024, 20)));
        agent.next(DesiredClusters.class, WAIT);
        long generation = agent.desiredWith(clusterId, true, WAIT).clusters().getFirst().generation();
        agent.send(new Credentials(clusterId, apiServer.adminKubeconfig()));
        agent.send(new ClusterObserved(clusterId, generation, ObservedPhase.READY, null, apiServer.server(), null));
        Eventually.until("alice's cluster is READY", WAIT,
                () -> "READY".equals(Api.as("alice").get("/api/v1/clusters/" + clusterId).path("phase")));
    }

    @AfterEach
    void cleanUp() {
        if (agent != null) {
            agent.close();
        }
        hosts.removeTestHosts();
        fixtures.forget("alice", "bob");
    }

    private String api(String path) {
        return "/api/v1/clusters/" + clusterId + "/apps/default/web" + path;
    }

    @Test
    void theOwnersBearerTokenReachesTheAppWithMethodPathQueryAndBodyButNoCredentials() {
        Response get = Api.as("alice").get(api("/some/page?x=1"));
        assertThat(get.statusCode()).as(get.asString()).isEqualTo(200);
        assertThat(get.asString()).startsWith("GET /some/page?x=1 cookie=null authorization=null body=");
        assertThat(get.header("X-Hearth")).isEqualTo("app");

        Response post = Api.as("alice").contentType("text/plain").body("hello body").post(api("/echo"));
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(post.asString()).endsWith("body=hello body");

        assertThat(Api.as("alice").get(api("/teapot")).statusCode()).isEqualTo(418);
    }

    @Test
    void theAppCannotSetCookiesOnThePortalAndItsPageRunsSandboxed() {
        Response get = Api.as("alice").get(api("/"));

        assertThat(get.headers().getValues("Set-Cookie")).isEmpty();
        assertThat(get.header("Clear-Site-Data")).isNull();
        assertThat(get.headers().getValues("Content-Security-Policy")).anyMatch(csp -> csp.startsWith("sandbox ")
                && !csp.contains("allow-same-origin"));
        assertThat(get.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void bobGets404ForAlicesAppAndAPathCannotLeaveTheApp() {
        Response bob = Api.as("bob").get(api("/"));
        assertThat(bob.statusCode()).isEqualTo(404);
        assertThat(bob.asString()).doesNotContain("GET /");

        Response escape = Api.as("alice").urlEncodingEnabled(false).get(api("/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecrets"));
        assertThat(escape.statusCode()).isEqualTo(400);
        assertThat(escape.contentType()).startsWith("application/problem+json");
        assertThat(escape.asString()).contains("\"field\":\"path\"");

        Response badName = Api.as("alice").get("/api/v1/clusters/" + clusterId + "/apps/Default_/web/");
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(badName.asString()).contains("\"field\":\"namespace\"");
    }

    @Test
    void theOwnersSessionOpensTheAppPageAndBobsSessionGets404() throws Exception {
        PortalSession alice = PortalSession.signIn(base, "alice");
        HttpResponse<String> page = alice.exchange(alice.request("/apps/" + clusterId + "/default/web/hello"));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).startsWith("GET /hello cookie=null");

        HttpResponse<String> panel = alice.exchange(alice.request("/clusters/" + clusterId + "/apps"));
        assertThat(panel.statusCode()).isEqualTo(200);
        assertThat(panel.body()).contains("href=\"/apps/" + clusterId + "/default/web/\"");

        // The panel's Share form (htmx sends the CSRF header) makes a link that opens the app signed out.
        HttpResponse<String> shared = alice.exchange(alice.request("/clusters/" + clusterId + "/apps/share")
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-CSRF-Token", alice.csrfToken())
                .POST(HttpRequest.BodyPublishers.ofString("namespace=default&service=web&minutes=60")));
        assertThat(shared.statusCode()).as(shared.body()).isEqualTo(200);
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("href=\"[^\"]*(/shared-apps/hsa_[^\"]+)\"").matcher(shared.body());
        assertThat(link.find()).as(shared.body()).isTrue();
        assertThat(anonymous(link.group(1) + "from-the-page", null).body()).startsWith("GET /from-the-page cookie=null");

        PortalSession bob = PortalSession.signIn(base, "bob");
        assertThat(bob.exchange(bob.request("/apps/" + clusterId + "/default/web/hello")).statusCode()).isEqualTo(404);
    }

    @Test
    void aShareLinkOpensTheAppSignedOutUntilItExpires() throws Exception {
        Response created = Api.as("alice").contentType("application/json")
                .body(Map.of("namespace", "default", "service", "web", "expiresInMinutes", 60))
                .post("/api/v1/clusters/" + clusterId + "/app-share-links");
        assertThat(created.statusCode()).isEqualTo(201);
        String url = created.path("url");
        String path = URI.create(url).getPath();
        assertThat(path).startsWith("/shared-apps/hsa_").endsWith("/");

        HttpResponse<String> signedOut = anonymous(path + "shared/page", null);
        assertThat(signedOut.statusCode()).as(signedOut.body()).isEqualTo(200);
        assertThat(signedOut.body()).startsWith("GET /shared/page cookie=null");
        assertThat(anonymous(path + "form", "posted").body()).endsWith("body=posted");

        assertThat(Api.as("bob").contentType("application/json")
                .body(Map.of("namespace", "default", "service", "web", "expiresInMinutes", 60))
                .post("/api/v1/clusters/" + clusterId + "/app-share-links").statusCode()).isEqualTo(404);
        assertThat(Api.as("alice").contentType("application/json")
                .body(Map.of("namespace", "default", "service", "web", "expiresInMinutes", 0))
                .post("/api/v1/clusters/" + clusterId + "/app-share-links").asString()).contains("\"field\":\"expiresInMinutes\"");

        // Its hour passes (moved in the database rather than waited for).
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "UPDATE app_share_link SET expires_at = now() - interval '1 second' WHERE cluster_id = :c")
                .setParameter("c", clusterId).executeUpdate());
        assertThat(anonymous(path, null).statusCode()).isEqualTo(404);
        assertThat(anonymous("/shared-apps/hsa_not-a-link/", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aShareLinkDiesWithItsCluster() throws Exception {
        String path = URI.create((String) Api.as("alice").contentType("application/json")
                .body(Map.of("namespace", "default", "service", "web", "expiresInMinutes", 60))
                .post("/api/v1/clusters/" + clusterId + "/app-share-links").path("url")).getPath();
        assertThat(anonymous(path, null).statusCode()).isEqualTo(200);

        Api.as("alice").delete("/api/v1/clusters/" + clusterId).then().statusCode(202);

        assertThat(anonymous(path, null).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> anonymous(String path, String postBody) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(WAIT);
        if (postBody != null) {
            request.header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(postBody));
        }
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** This host's address on its default route (the API server will not proxy to loopback endpoints). */
    private static String hostAddress() {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(new InetSocketAddress(InetAddress.getByName("10.255.255.254"), 9));
            return socket.getLocalAddress().getHostAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
