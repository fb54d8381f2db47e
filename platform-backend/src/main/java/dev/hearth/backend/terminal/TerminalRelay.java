package dev.hearth.backend.terminal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.backend.notify.NotificationHandler;
import dev.hearth.backend.problem.ProblemException;
import dev.hearth.backend.tunnel.Tunnel;
import dev.hearth.backend.tunnel.TunnelSink;
import dev.hearth.backend.tunnel.Tunnels;
import dev.hearth.protocol.TunnelTarget;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Browser terminal sockets on this replica, each relayed to a tunnel to its cluster's toolbox
 * (docs/portal.md, "Terminal"). The shell is a named session on the agent ({@value #SESSION}), so a
 * reload or a dropped connection detaches and the next socket resumes the same shell with its recent
 * output. Browser frames are JSON text ({@code input}, {@code resize}); the shell's output goes back as
 * binary frames (xterm.js decodes UTF-8 across frames), notices as JSON text ({@code watched},
 * {@code closed}, with a problem+json {@code problem} when a limit refused the terminal). A watcher's input and resizes are dropped here, and again by the agent.
 */
@ApplicationScoped
public class TerminalRelay implements NotificationHandler {

    static final String SESSION = "terminal";
    /** The shell the toolbox runs: a login shell reads the toolbox's profile (prompt, completion). */
    static final List<String> SHELL = List.of("bash", "-l");
    private static final Logger LOG = Logger.getLogger(TerminalRelay.class);

    private final Tunnels tunnels;
    private final TerminalSessions sessions;
    private final TerminalSettings settings;
    private final ObjectMapper json;
    private final Map<String, Live> live = new ConcurrentHashMap<>();

    public TerminalRelay(Tunnels tunnels, TerminalSessions sessions, TerminalSettings settings, ObjectMapper json) {
        this.tunnels = tunnels;
        this.sessions = sessions;
        this.settings = settings;
        this.json = json;
    }

    /** One open socket and its tunnel. */
    private final class Live implements TunnelSink {
        final WebSocketConnection connection;
        final TerminalTarget target;
        final UUID session;
        volatile Tunnel tunnel;
        volatile long lastInputNanos = System.nanoTime();

        Live(WebSocketConnection connection, TerminalTarget target, UUID session) {
            this.connection = connection;
            this.target = target;
            this.session = session;
        }

        @Override
        public void data(byte[] bytes) {
            connection.sendBinary(Buffer.buffer(bytes)).subscribe().with(ok -> { },
                    e -> LOG.debugf("a terminal's output could not be sent: %s", e.getMessage()));
        }

        @Override
        public void closed(String reason) {
            live.remove(connection.id());
            Infrastructure.getDefaultWorkerPool().execute(() -> {
                sessions.close(session, target, reason);
                notice(connection, Map.of("type", "closed", "reason", reason));
                connection.close(CloseReason.NORMAL).subscribe().with(ok -> { }, e -> { });
            });
        }
    }

    void opened(WebSocketConnection connection) {
        TerminalTarget target = TerminalUpgradeCheck.targetOf(connection);
        UUID session;
        try {
            session = sessions.open(target);
        } catch (ProblemException e) {
            // A limit: the page shows the reason; a client of the socket gets the same problem+json document
            // the REST API answers with, since a WebSocket's browser API cannot read a refused upgrade's body.
            notice(connection, Map.of("type", "closed", "reason", e.getMessage(),
                    "problem", e.toProblem(connection.handshakeRequest().path())));
            connection.closeAndAwait(CloseReason.NORMAL);
            return;
        }
        Live terminal = new Live(connection, target, session);
        live.put(connection.id(), terminal);
        Map<String, String> query = query(connection.handshakeRequest().query());
        terminal.tunnel = tunnels.open(target.hostId(), target.clusterId(), new TunnelTarget.Exec(TunnelTarget.Exec.TOOLBOX,
                SHELL, size(query.get("cols"), 80), size(query.get("rows"), 24), SESSION, target.watch()), terminal);
        if (!target.watch()) {
            sendWatchers(terminal);
        }
    }

    void message(WebSocketConnection connection, String text) {
        Live terminal = live.get(connection.id());
        if (terminal == null || terminal.tunnel == null || terminal.target.watch()) {
            return;
        }
        JsonNode frame;
        try {
            frame = json.readTree(text);
        } catch (java.io.IOException e) {
            return;
        }
        switch (frame.path("type").asText()) {
            case "input" -> {
                terminal.lastInputNanos = System.nanoTime();
                terminal.tunnel.write(frame.path("data").asText().getBytes(StandardCharsets.UTF_8));
            }
            case "resize" -> {
                int cols = frame.path("cols").asInt(0);
                int rows = frame.path("rows").asInt(0);
                if (cols >= 1 && cols <= 1000 && rows >= 1 && rows <= 1000) {
                    terminal.tunnel.resize(cols, rows);
                }
            }
            default -> LOG.debugf("ignoring a terminal frame of type '%s'", frame.path("type").asText());
        }
    }

    void closed(WebSocketConnection connection) {
        Live terminal = live.remove(connection.id());
        if (terminal == null) {
            return;
        }
        Tunnel tunnel = terminal.tunnel;
        if (tunnel != null && tunnel.isOpen()) {
            if (terminal.target.watch()) {
                tunnel.close("the watcher left");
            } else {
                // The shell stays on the agent for a while: a reload resumes it.
                tunnel.detach("the browser left");
            }
        }
        sessions.close(terminal.session, terminal.target, "the browser closed the terminal");
    }

    /**
     * Closes terminals nobody typed into for {@code hearth.terminal.idle-timeout}, ending their shells, and
     * renews the session rows of the others, so a replica that dies stops counting toward the limits.
     */
    @Scheduled(every = "${hearth.terminal.idle-check-every:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void closeIdle() {
        sessions.renew(live.values().stream().map(t -> t.session).toList());
        long limit = settings.idleTimeout().toNanos();
        long now = System.nanoTime();
        for (Live terminal : List.copyOf(live.values())) {
            if (!terminal.target.watch() && now - terminal.lastInputNanos > limit && terminal.tunnel != null) {
                terminal.tunnel.close("closed after " + describe(settings.idleTimeout()) + " without input");
            }
        }
    }

    @Override
    public String channel() {
        return TerminalSessions.WATCH_CHANNEL;
    }

    @Override
    public void notified(String clusterId) {
        live.values().stream().filter(t -> !t.target.watch() && t.target.clusterId().equals(clusterId))
                .forEach(t -> Infrastructure.getDefaultWorkerPool().execute(() -> sendWatchers(t)));
    }

    private void sendWatchers(Live terminal) {
        List<String> watchers = sessions.watchers(terminal.target.clusterId());
        notice(terminal.connection, Map.of("type", "watched", "by", watchers));
    }

    private void notice(WebSocketConnection connection, Map<String, Object> notice) {
        try {
            connection.sendText(json.writeValueAsString(new LinkedHashMap<>(notice))).subscribe().with(ok -> { }, e -> { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> query(String query) {
        Map<String, String> values = new LinkedHashMap<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return values;
    }

    private static int size(String value, int fallback) {
        try {
            int n = Integer.parseInt(value);
            return n >= 1 && n <= 1000 ? n : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String describe(java.time.Duration d) {
        return d.toMinutes() >= 1 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }
}
