package dev.hearth.backend.agent;

import dev.hearth.backend.cluster.DesiredStateChanges;
import dev.hearth.backend.notify.NotificationHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Consumes {@code NOTIFY hearth_host_desired} (docs/architecture.md): re-sends the named host's desired set if
 * its agent is connected to this replica. After the listening connection is (re)established, every
 * held agent gets its set again, since notifications sent meanwhile are gone.
 */
@ApplicationScoped
public class DesiredSetNotifications implements NotificationHandler {

    private static final Logger LOG = Logger.getLogger(DesiredSetNotifications.class);

    private final AgentConnections connections;

    public DesiredSetNotifications(AgentConnections connections) {
        this.connections = connections;
    }

    @Override
    public String channel() {
        return DesiredStateChanges.CHANNEL;
    }

    @Override
    public void notified(String payload) {
        try {
            connections.sendDesiredSoon(UUID.fromString(payload));
        } catch (IllegalArgumentException e) {
            LOG.warnf("ignoring a %s notification that names no host id: '%s'", DesiredStateChanges.CHANNEL, payload);
        }
    }

    @Override
    public void listening() {
        connections.hosts().forEach(connections::sendDesiredSoon);
    }
}
