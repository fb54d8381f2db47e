package dev.hearth.backend.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.backend.classroom.ClassroomFixtures;
import dev.hearth.backend.terminal.TerminalSocketIT.Browser;
import dev.hearth.backend.testing.Api;
import dev.hearth.backend.testing.Eventually;
import dev.hearth.backend.testing.HostFixtures;
import dev.hearth.harness.ControlPlane;
import dev.hearth.backend.testing.PortalSession;
import dev.hearth.backend.testing.ProtocolPeer;
import dev.hearth.protocol.TunnelClose;
import dev.hearth.protocol.TunnelData;
import dev.hearth.protocol.TunnelOpen;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A terminal nobody types into is closed after {@code hearth.terminal.idle-timeout} (3 s here), its shell
 * ended (not detached for a resume), and the browser is told why (the real backend, sessions and channel,
 * as TerminalSocketIT).
 */
@QuarkusTest
@TestProfile(TerminalIdleIT.ShortIdle.class)
class TerminalIdleIT {

    static final Duration WAIT = Duration.ofSeconds(20);

    public static class ShortIdle implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hearth.terminal.idle-timeout", "3s", "hearth.terminal.idle-check-every", "1s");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    ClassroomFixtures classrooms;

    @Inject
    HostFixtures hosts;

    @Test
    void anIdleTerminalIsClosedWithAMessageAndItsShellEnded() {
        hosts.removeTestHosts();
        classrooms.removeAll();
        try (ControlPlane apiServer = ControlPlane.start()) {
            Map<String, Object> room = ClassroomFixtures.create("Idle terminal", 1);
            @SuppressWarnings("unchecked")
            String code = (String) ((Map<String, Object>) room.get("joinCode")).get("code");
            Response joined = Api.as("alice").body(Map.of("code", code)).post("/api/v1/classrooms/join");
            String clusterId = joined.path("clusterId");
            try (ProtocolPeer agent = ProtocolPeer.online(base, hosts.enrol("terminal-idle"), WAIT)) {
                agent.reportReady(clusterId, apiServer.adminKubeconfig(), apiServer.server(), WAIT);
                Eventually.until("the seat's cluster is READY", WAIT, () -> "READY".equals(classrooms.phase(clusterId)));

                PortalSession alice = PortalSession.signIn(base, "alice");
                Browser socket = new Browser();
                URI uri = URI.create(base.toString().replaceFirst("^http", "ws").replaceAll("/$", "")
                        + "/clusters/" + clusterId + "/terminal/socket");
                socket.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                        .header("Origin", base.toString().replaceAll("/$", "")).header("Cookie", alice.cookieHeader())
                        .buildAsync(uri, socket).join();
                TunnelOpen opened = agent.next(TunnelOpen.class, WAIT);
                agent.send(new TunnelData(opened.tunnelId(), 0, new byte[0]));

                TunnelClose close = agent.next(TunnelClose.class, WAIT);
                assertThat(close.tunnelId()).isEqualTo(opened.tunnelId());
                assertThat(close.detach()).as("an idle shell is ended, not kept").isFalse();
                Eventually.until("the browser is told", WAIT, () -> socket.notices().stream()
                        .anyMatch(n -> n.contains("\"type\":\"closed\"") && n.contains("closed after 3 s without input")));
            }
        } finally {
            hosts.removeTestHosts();
            classrooms.removeAll();
        }
    }
}
