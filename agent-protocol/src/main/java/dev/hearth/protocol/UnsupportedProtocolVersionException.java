package dev.hearth.protocol;

/**
 * A message of a protocol major version this side does not speak. The connection cannot go on: one
 * side has to be upgraded, which the message says.
 */
public class UnsupportedProtocolVersionException extends AgentProtocolException {

    private final ProtocolVersion received;

    public UnsupportedProtocolVersionException(ProtocolVersion received, ProtocolVersion supported) {
        super("agent message uses protocol " + received + " but this side speaks " + supported
                + (received.major() > supported.major() ? "; upgrade this side" : "; upgrade the sender"));
        this.received = received;
    }

    /** The version the message declared. */
    public ProtocolVersion received() {
        return received;
    }
}
