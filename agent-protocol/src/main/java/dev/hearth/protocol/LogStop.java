package dev.hearth.protocol;

/**
 * Tells the agent nobody needs a followed stream any more (its pod or cluster was deleted, or it
 * expired), so it stops following and frees the connection to the API server. Unknown streams are
 * ignored.
 *
 * @param stream the stream, as in {@link LogFollow}
 */
public record LogStop(LogStreamId stream) implements AgentMessage {

    public LogStop {
        Required.value(stream, "stream");
    }
}
