package dev.hearth.backend.agent;

import dev.hearth.protocol.AgentMessageCodec;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The protocol module's codec as a bean: one thread-safe instance for every connection. */
public class CodecProducer {

    @Produces
    @Singleton
    AgentMessageCodec codec() {
        return new AgentMessageCodec();
    }
}
