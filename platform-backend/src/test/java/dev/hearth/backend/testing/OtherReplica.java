package dev.hearth.backend.testing;

import dev.hearth.backend.notify.NotificationHandler;
import dev.hearth.backend.notify.PgListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A second backend replica's listening connection on the real PostgreSQL, for tests of what crosses
 * replicas by {@code NOTIFY} (the test setup runs one Quarkus app, so the "other replica" is its own
 * handlers on a connection of its own, as a second process would have).
 */
@ApplicationScoped
public class OtherReplica {

    private static final Duration LISTENING_WITHIN = Duration.ofSeconds(15);

    private final String url;
    private final String user;
    private final String password;

    public OtherReplica(@ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Starts listening for {@code handlers}' channels and returns once it does; close it to stop. */
    public AutoCloseable listen(String name, NotificationHandler... handlers) {
        PgListener listener = new PgListener(url, user, password, name, List.of(handlers));
        listener.start();
        Eventually.until(name + " listens", LISTENING_WITHIN, listener::listening);
        return listener::stop;
    }
}
