package dev.hearth.backend.agent;

import dev.hearth.protocol.AgentMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The features' {@link AgentMessageHandler}s by message record, checked once at start: one per record. */
@ApplicationScoped
class AgentMessageHandlers {

    private final Map<Class<?>, AgentMessageHandler<?>> byType = new HashMap<>();

    AgentMessageHandlers(@Any Instance<AgentMessageHandler<?>> handlers) {
        for (AgentMessageHandler<?> handler : handlers) {
            AgentMessageHandler<?> other = byType.putIfAbsent(handler.type(), handler);
            if (other != null) {
                // Two features storing the same message would each see only half the story.
                throw new IllegalStateException("two handlers for " + handler.type().getSimpleName() + ": "
                        + other.getClass().getName() + " and " + handler.getClass().getName());
            }
        }
    }

    /** @throws IllegalStateException when no feature handles the message's record (a wiring mistake) */
    @SuppressWarnings("unchecked")
    <M extends AgentMessage> String handle(UUID hostId, M message) {
        AgentMessageHandler<M> handler = (AgentMessageHandler<M>) byType.get(message.getClass());
        if (handler == null) {
            throw new IllegalStateException("no handler for " + message.getClass().getSimpleName());
        }
        return handler.handle(hostId, message);
    }
}
