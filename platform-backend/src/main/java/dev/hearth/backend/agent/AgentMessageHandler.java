package dev.hearth.backend.agent;

import dev.hearth.protocol.AgentMessage;
import java.util.UUID;

/**
 * A feature's part of the agent channel: what it does with one kind of message agents send (log
 * chunks, build results). Features implement it as a bean and the hub finds them
 * ({@link AgentMessageHandlers}), so the hub imports no feature that talks back through
 * {@link AgentMailbox}: packages import one way (docs/development.md "Modules and packages").
 * The host id is the authenticated one, never a value from the message.
 */
public interface AgentMessageHandler<M extends AgentMessage> {

    /** The message record this handler takes; one handler per record. */
    Class<M> type();

    /** @return what happened, for the hub's debug log, or null when there is nothing to say */
    String handle(UUID hostId, M message);
}
