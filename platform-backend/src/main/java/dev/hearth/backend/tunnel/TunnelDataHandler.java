package dev.hearth.backend.tunnel;

import dev.hearth.backend.agent.AgentMessageHandler;
import dev.hearth.protocol.TunnelData;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** TunnelData frames from agents go to their tunnel's owner ({@link Tunnels}). */
@ApplicationScoped
class TunnelDataHandler implements AgentMessageHandler<TunnelData> {

    private final Tunnels tunnels;

    TunnelDataHandler(Tunnels tunnels) {
        this.tunnels = tunnels;
    }

    @Override
    public Class<TunnelData> type() {
        return TunnelData.class;
    }

    @Override
    public String handle(UUID hostId, TunnelData message) {
        tunnels.fromAgent(hostId, message);
        return null;
    }
}
