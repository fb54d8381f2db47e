package dev.hearth.protocol;

/**
 * A message that cannot be read as the agent protocol this side speaks. The message text is written
 * for the log of whoever receives it: it names the offending type, version or field.
 */
public class AgentProtocolException extends RuntimeException {

    public AgentProtocolException(String message) {
        super(message);
    }

    public AgentProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
