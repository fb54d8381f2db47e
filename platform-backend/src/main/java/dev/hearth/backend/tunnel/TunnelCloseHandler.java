package dev.hearth.backend.tunnel;

import dev.hearth.backend.agent.AgentMessageHandler;
import dev.hearth.protocol.TunnelClose;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** TunnelClose frames from agents go to their tunnel's owner ({@link Tunnels}). */
@ApplicationScoped
class TunnelCloseHandler implements AgentMessageHandler<TunnelClose> {

    private final Tunnels tunnels;

    TunnelCloseHandler(Tunnels tunnels) {
        this.tunnels = tunnels;
    }

    @Override
    public Class<TunnelClose> type() {
        return TunnelClose.class;
    }

    @Override
    public String handle(UUID hostId, TunnelClose message) {
        tunnels.fromAgent(hostId, message);
        return null;
    }
}
