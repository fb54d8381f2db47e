package dev.hearth.backend.notify;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A {@code LISTEN} loop on a dedicated PostgreSQL connection — not one of the pool's, which would be
 * handed to other work between polls — dispatching each notification to its channel's handler.
 * Reconnects after a failure and tells every handler once it listens again. A plain class, so a test
 * can run a second one as another replica would.
 */
public final class PgListener {

    private static final Logger LOG = Logger.getLogger(PgListener.class);
    private static final int POLL_MILLIS = 500;
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final String url;
    private final String user;
    private final String password;
    private final String name;
    private final Map<String, NotificationHandler> handlers;
    private volatile boolean running;
    private volatile boolean listening;
    private Thread thread;

    public PgListener(String url, String user, String password, String name, List<NotificationHandler> handlers) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.name = name;
        this.handlers = handlers.stream().collect(Collectors.toUnmodifiableMap(NotificationHandler::channel, Function.identity()));
        handlers.forEach(h -> {
            if (!h.channel().matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalArgumentException("not a plain channel name: " + h.channel());
            }
        });
    }

    public synchronized void start() {
        if (thread == null) {
            running = true;
            thread = Thread.ofPlatform().name(name).daemon().start(this::run);
        }
    }

    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread = null;
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
                    for (String channel : handlers.keySet()) {
                        statement.execute("LISTEN " + channel);
                    }
                }
                listening = true;
                LOG.debugf("%s listening on %s", name, handlers.keySet());
                handlers.values().forEach(this::caughtUp);
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            dispatch(n);
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.warnf("%s: listening failed; retrying in %s: %s", name, RETRY, e.getMessage());
                }
            } finally {
                listening = false;
            }
            pause();
        }
    }

    private void dispatch(PGNotification n) {
        NotificationHandler handler = handlers.get(n.getName());
        if (handler == null) {
            return;
        }
        try {
            handler.notified(n.getParameter());
        } catch (RuntimeException e) {
            // One handler's bug must not stop the others' notifications.
            LOG.warnf(e, "%s: handling a %s notification failed", name, n.getName());
        }
    }

    private void caughtUp(NotificationHandler handler) {
        try {
            handler.listening();
        } catch (RuntimeException e) {
            LOG.warnf(e, "%s: %s could not catch up after (re)connecting", name, handler.channel());
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("ApplicationName", name);
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
