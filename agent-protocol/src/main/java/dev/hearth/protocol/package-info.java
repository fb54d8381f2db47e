/**
 * The agent channel's messages (docs/agent-channel.md): versioned JSON records shared by the platform backend and
 * the worker agents, so neither side ever keeps its own copy of the wire format.
 *
 * <p>Every message travels as one JSON object carrying {@code apiVersion} ({@value
 * dev.hearth.protocol.ProtocolVersion#CURRENT_NAME}) and {@code type} (the record's simple name), next
 * to the record's own fields. {@link dev.hearth.protocol.AgentMessageCodec} is the only place that
 * reads or writes that form.
 */
package dev.hearth.protocol;
