package dev.hearth.backend.agent;

import dev.hearth.backend.cluster.DesiredStateChanges;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens for {@code NOTIFY hearth_host_desired} (DESIGN §2) on a dedicated PostgreSQL connection —
 * not one of the pool's, which would be handed to other work between polls — and re-sends the named
 * host's desired set if its agent is connected to this replica. After the listening connection is
 * (re)established, every held agent gets its set again, since notifications sent meanwhile are gone.
 */
@ApplicationScoped
public class DesiredSetNotifications {

    private static final Logger LOG = Logger.getLogger(DesiredSetNotifications.class);
    private static final int POLL_MILLIS = 500;
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final AgentConnections connections;
    private final String url;
    private final String user;
    private final String password;
    private volatile boolean running;
    private volatile boolean listening;
    private Thread thread;

    public DesiredSetNotifications(AgentConnections connections,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.connections = connections;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = Thread.ofPlatform().name("hearth-desired-listener").daemon().start(this::run);
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Whether the listening connection is up (so a NOTIFY sent now will be heard). */
    public boolean listening() {
        return listening;
    }

    private void run() {
        while (running) {
            try (Connection connection = connect()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + DesiredStateChanges.CHANNEL);
                }
                listening = true;
                LOG.debugf("listening on %s", DesiredStateChanges.CHANNEL);
                connections.hosts().forEach(connections::sendDesiredSoon);
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            dispatch(n.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.warnf("listening for desired-set changes failed; retrying in %s: %s", RETRY, e.getMessage());
                }
            } finally {
                listening = false;
            }
            pause();
        }
    }

    private void dispatch(String payload) {
        try {
            connections.sendDesiredSoon(UUID.fromString(payload));
        } catch (IllegalArgumentException e) {
            LOG.warnf("ignoring a %s notification that names no host id: '%s'", DesiredStateChanges.CHANNEL, payload);
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("ApplicationName", "hearth-desired-listener");
        Connection connection = new org.postgresql.Driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + url);
        }
        connection.setAutoCommit(true);
        return connection;
    }

    private void pause() {
        try {
            Thread.sleep(RETRY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
