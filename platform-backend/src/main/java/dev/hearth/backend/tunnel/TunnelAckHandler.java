package dev.hearth.backend.tunnel;

import dev.hearth.backend.agent.AgentMessageHandler;
import dev.hearth.protocol.TunnelAck;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** TunnelAck frames from agents go to their tunnel's owner ({@link Tunnels}). */
@ApplicationScoped
class TunnelAckHandler implements AgentMessageHandler<TunnelAck> {

    private final Tunnels tunnels;

    TunnelAckHandler(Tunnels tunnels) {
        this.tunnels = tunnels;
    }

    @Override
    public Class<TunnelAck> type() {
        return TunnelAck.class;
    }

    @Override
    public String handle(UUID hostId, TunnelAck message) {
        tunnels.fromAgent(hostId, message);
        return null;
    }
}
