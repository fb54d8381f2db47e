package dev.hearth.agent.channel;

/**
 * The connection to the backend closed: a synchronous CDI event for what lives only as long as the
 * connection (tunnels: their backend ends were closed with it).
 */
public record ChannelLost() {
}
