package dev.hearth.protocol;

/**
 * A message whose {@code type} this side does not know — typically a newer peer using a message added
 * after this build. The receiver can drop it and carry on, unlike a version it cannot speak at all.
 */
public class UnknownMessageTypeException extends AgentProtocolException {

    private final String type;

    public UnknownMessageTypeException(String type, Iterable<String> known) {
        super("unknown agent message type '" + type + "' (this side knows: " + String.join(", ", known) + ")");
        this.type = type;
    }

    /** The {@code type} value as received. */
    public String type() {
        return type;
    }
}
