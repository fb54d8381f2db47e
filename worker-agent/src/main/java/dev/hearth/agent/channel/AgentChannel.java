package dev.hearth.agent.channel;

import dev.hearth.agent.AgentSettings;
import dev.hearth.agent.reconcile.DesiredStateListener;
import dev.hearth.agent.reconcile.HostCapacity;
import dev.hearth.agent.reconcile.HostUsage;
import dev.hearth.agent.reconcile.ObservationSink;
import dev.hearth.protocol.AgentMessage;
import dev.hearth.protocol.AgentMessageCodec;
import dev.hearth.protocol.AgentProtocolException;
import dev.hearth.protocol.ClusterObserved;
import dev.hearth.protocol.Credentials;
import dev.hearth.protocol.DesiredCluster;
import dev.hearth.protocol.DesiredClusters;
import dev.hearth.protocol.Heartbeat;
import dev.hearth.protocol.Hello;
import dev.hearth.protocol.UnknownMessageTypeException;
import dev.hearth.protocol.Usage;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.BasicWebSocketConnector;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketClientConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The agent's end of the agent channel (docs/agent-channel.md): a WebSocket it opens to the backend's
 * {@code /agent/v1/connect} with its host token. On open it says {@code Hello}; it sends heartbeats;
 * every {@code DesiredClusters} goes to the reconciler; the reconciler's reports go to the backend at
 * once when connected, and the newest of each is sent again after every reconnect, so nothing is lost
 * while the backend was away. Other messages of the backend ({@code BuildRequest}, {@code LogFollow},
 * {@code LogStop}) are fired as CDI events of their own type; their observers must hand work off
 * rather than block the channel. Log chunks and build results go out through {@link #send}, queued
 * while disconnected. Reconnects back off exponentially with jitter.
 */
@ApplicationScoped
public class AgentChannel implements ObservationSink {

    private static final Logger LOG = Logger.getLogger(AgentChannel.class);
    static final String PATH = "/agent/v1/connect";

    private final ChannelSettings settings;
    private final AgentSettings agent;
    private final HostCapacity capacity;
    private final HostUsage usage;
    private final DesiredStateListener listener;
    private final String version;
    private final AgentMessageCodec codec = new AgentMessageCodec();
    private final PendingReports pending = new PendingReports();
    private final UnsentMessages unsent;
    /** How many of {@link #unsent}'s drops were already logged; guarded by {@link #sendLock}. */
    private long droppedReported;
    private final Event<AgentMessage> inbound;
    private final Event<ChannelLost> lost;
    private final ReconnectBackoff backoff;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("hearth-agent-channel").daemon().factory());
    /**
     * The backend's messages, handled one at a time in the order they arrived, off the event loop. Not the
     * connector's BLOCKING model: that hands each message to the worker pool unordered, which swapped a
     * terminal's keystrokes ("kubectl" reached the shell as "buketcl", TerminalSystemIT).
     */
    private final ExecutorService inboundLane = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("hearth-agent-inbound").daemon().factory());
    /** Orders every send: a replay after reconnect and a fresh report can never swap places. */
    private final Object sendLock = new Object();

    /** The open connection, once Hello went out on it; null while (re)connecting. */
    private volatile WebSocketClientConnection connection;
    private volatile boolean answered;
    private volatile int desiredCount;
    private volatile boolean stopped;
    private ScheduledFuture<?> heartbeats;

    public AgentChannel(ChannelSettings settings, AgentSettings agent, HostCapacity capacity, HostUsage usage,
            DesiredStateListener listener, Event<AgentMessage> inbound, Event<ChannelLost> lost,
            @ConfigProperty(name = "quarkus.application.version") String version) {
        this.settings = settings;
        this.agent = agent;
        this.capacity = capacity;
        this.usage = usage;
        this.listener = listener;
        this.version = version;
        this.inbound = inbound;
        this.lost = lost;
        this.unsent = new UnsentMessages(settings.unsentCapacity());
        this.backoff = new ReconnectBackoff(settings.reconnect().initial(), settings.reconnect().max(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    void onStart(@Observes StartupEvent event) {
        if (settings.backendUrl().isEmpty()) {
            LOG.warn("hearth.agent.backend-url is not set: this agent does not connect to a backend");
            return;
        }
        if (settings.token().filter(t -> !t.isBlank()).isEmpty()) {
            throw new IllegalStateException("hearth.agent.token is required to connect to "
                    + settings.backendUrl().get() + "; use the host token shown when the host was enrolled");
        }
        timer.execute(this::connect);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        timer.shutdownNow();
        inboundLane.shutdownNow();
        WebSocketClientConnection open = connection;
        if (open != null && open.isOpen()) {
            open.close(new CloseReason(CloseReason.NORMAL.getCode(), "agent stopping")).await().atMost(Duration.ofSeconds(2));
        }
    }

    /** Whether the backend has accepted this agent on the current connection (it answered Hello). */
    public boolean connected() {
        return connection != null && answered;
    }

    @Override
    public void observed(ClusterObserved observation) {
        synchronized (sendLock) {
            pending.observed(observation);
            sendIfConnected(observation);
        }
    }

    @Override
    public void credentials(Credentials credentials) {
        synchronized (sendLock) {
            pending.credentials(credentials);
            sendIfConnected(credentials);
        }
    }

    /**
     * Sends a message that is not a report (a log chunk, a build result) now, or on the next
     * connection if the backend is away. Order is kept.
     */
    public void send(AgentMessage message) {
        synchronized (sendLock) {
            WebSocketClientConnection open = connection;
            if (open != null) {
                // A send that fails (the connection died under it) is queued for the next connection;
                // lines it holds may then follow later ones, which the backend stores by number anyway.
                open.sendText(codec.encode(message)).subscribe().with(ok -> { }, e -> {
                    LOG.debugf("sending %s failed (queued for the next connection): %s",
                            message.getClass().getSimpleName(), e.getMessage());
                    unsent.add(message);
                });
            } else {
                unsent.add(message);
            }
        }
    }

    /**
     * Sends a live frame (a tunnel's bytes) now, or drops it when the backend is away: unlike log
     * chunks, a frame is worthless after a reconnect, since the tunnel ended with the connection.
     *
     * @return whether it went out
     */
    public boolean sendLive(AgentMessage message) {
        synchronized (sendLock) {
            WebSocketClientConnection open = connection;
            if (open == null) {
                return false;
            }
            open.sendText(codec.encode(message)).subscribe().with(ok -> { },
                    e -> LOG.debugf("sending %s failed: %s", message.getClass().getSimpleName(), e.getMessage()));
            return true;
        }
    }

    private void connect() {
        if (stopped) {
            return;
        }
        URI backend = settings.backendUrl().orElseThrow();
        LOG.debugf("connecting to %s%s", backend, PATH);
        BasicWebSocketConnector.create()
                .baseUri(backend)
                .path(PATH)
                .addHeader("Authorization", "Bearer " + settings.token().orElseThrow())
                // In order on the event loop, handed to one worker thread (inboundLane): the desired set goes to
                // the reconciler off the event loop, and a tunnel's frames keep their order.
                .executionModel(BasicWebSocketConnector.ExecutionModel.NON_BLOCKING)
                .onTextMessage((from, text) -> inOrder(() -> received(from, text)))
                .onClose((from, reason) -> inOrder(() -> closed(from, reason)))
                .connect()
                .subscribe().with(this::opened, failure -> {
                    LOG.infof("cannot reach the backend at %s: %s", backend, failure.getMessage());
                    reconnectLater();
                });
    }

    private void inOrder(Runnable handling) {
        if (!inboundLane.isShutdown()) {
            inboundLane.execute(handling);
        }
    }

    private void opened(WebSocketClientConnection opened) {
        answered = false;
        synchronized (sendLock) {
            connection = opened;
            send(opened, new Hello(agent.hostId(), version, capacity.capacity()));
            // Everything reported while away, newest of each, before anything new (which waits for the lock).
            pending.replay().forEach(message -> send(opened, message));
            unsent.drain().forEach(message -> send(opened, message));
            long dropped = unsent.dropped();
            if (dropped > droppedReported) {
                // Pod logs are asked for again from their last stored line; a build's lines are not.
                LOG.warnf("%d log chunks or build results were dropped while the backend was away"
                        + " (hearth.agent.unsent-capacity is %d)", dropped - droppedReported, settings.unsentCapacity());
                droppedReported = dropped;
            }
        }
        heartbeats = timer.scheduleAtFixedRate(this::heartbeat, settings.heartbeatInterval().toMillis(),
                settings.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
        timer.schedule(() -> {
            if (connection == opened && !answered) {
                LOG.warnf("the backend did not answer Hello within %s; reconnecting", settings.answerTimeout());
                opened.close(new CloseReason(CloseReason.NORMAL.getCode(), "no answer to Hello")).subscribe().with(ok -> { },
                        e -> LOG.debugf("closing an unanswered connection failed: %s", e));
            }
        }, settings.answerTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void received(WebSocketClientConnection from, String text) {
        AgentMessage message;
        try {
            message = codec.decode(text);
        } catch (UnknownMessageTypeException e) {
            LOG.debugf("skipping a message of a newer backend: %s", e.getMessage());
            return;
        } catch (AgentProtocolException e) {
            LOG.warnf("the backend sent a message this agent cannot read: %s", e.getMessage());
            return;
        }
        if (message instanceof DesiredClusters desired) {
            if (!answered) {
                answered = true;
                backoff.reset();
                LOG.infof("connected to the backend at %s as host %s", settings.backendUrl().orElseThrow(), agent.hostId());
            }
            desiredCount = desired.clusters().size();
            pending.retain(desired.clusters().stream().map(DesiredCluster::id).toList());
            listener.desired(desired);
        } else {
            inbound.fire(message);
        }
    }

    private void closed(WebSocketClientConnection closed, CloseReason reason) {
        if (connection != closed) {
            return;
        }
        connection = null;
        answered = false;
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
        LOG.infof("disconnected from the backend (%s)", reason);
        lost.fire(new ChannelLost());
        reconnectLater();
    }

    private void reconnectLater() {
        if (stopped) {
            return;
        }
        Duration delay = backoff.next();
        LOG.debugf("reconnecting in %d ms", delay.toMillis());
        timer.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void heartbeat() {
        WebSocketClientConnection open = connection;
        if (open != null) {
            Usage now = usage.sample(desiredCount);
            synchronized (sendLock) {
                send(open, new Heartbeat(now));
            }
        }
    }

    private void sendIfConnected(AgentMessage message) {
        WebSocketClientConnection open = connection;
        if (open != null) {
            send(open, message);
        }
    }

    /** Sends without waiting; a failed send is harmless, since the report is kept for the next connection. */
    private void send(WebSocketClientConnection to, AgentMessage message) {
        to.sendText(codec.encode(message)).subscribe().with(ok -> { },
                e -> LOG.debugf("sending %s failed (kept for the next connection): %s",
                        message.getClass().getSimpleName(), e.getMessage()));
    }

    /** For tests and the health check: messages that would be sent again on reconnect. */
    List<AgentMessage> pendingReplay() {
        return pending.replay();
    }
}
