package dev.hearth.backend.notify;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This replica's one {@code LISTEN} connection for every Hearth channel (docs/architecture.md): desired-set
 * changes, the agent mailbox, log lines, cluster events. Each channel's consumer is a
 * {@link NotificationHandler} bean; adding a channel needs no second connection.
 */
@ApplicationScoped
public class Notifications {

    private final PgListener listener;

    public Notifications(Instance<NotificationHandler> handlers,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") String password) {
        this.listener = new PgListener(url, user, password, "hearth-listener", handlers.stream().toList());
    }

    void start(@Observes StartupEvent event) {
        listener.start();
    }

    void stop(@Observes ShutdownEvent event) {
        listener.stop();
    }

    /** Whether the listening connection is up (so a NOTIFY sent now will be heard). */
    public boolean listening() {
        return listener.listening();
    }
}
