package dev.hearth.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One message on the agent channel. The set is closed: a new message is a new record here, listed in
 * {@link JsonSubTypes} under its simple name, which is its wire {@code type}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = AgentMessage.TYPE_PROPERTY)
@JsonSubTypes({
        @JsonSubTypes.Type(value = Hello.class, name = "Hello"),
        @JsonSubTypes.Type(value = Heartbeat.class, name = "Heartbeat"),
        @JsonSubTypes.Type(value = DesiredClusters.class, name = "DesiredClusters"),
        @JsonSubTypes.Type(value = ClusterObserved.class, name = "ClusterObserved"),
        @JsonSubTypes.Type(value = LogChunk.class, name = "LogChunk"),
        @JsonSubTypes.Type(value = LogFollow.class, name = "LogFollow"),
        @JsonSubTypes.Type(value = LogStop.class, name = "LogStop"),
        @JsonSubTypes.Type(value = BuildRequest.class, name = "BuildRequest"),
        @JsonSubTypes.Type(value = BuildResult.class, name = "BuildResult"),
        @JsonSubTypes.Type(value = Credentials.class, name = "Credentials"),
        @JsonSubTypes.Type(value = TunnelOpen.class, name = "TunnelOpen"),
        @JsonSubTypes.Type(value = TunnelData.class, name = "TunnelData"),
        @JsonSubTypes.Type(value = TunnelAck.class, name = "TunnelAck"),
        @JsonSubTypes.Type(value = TunnelResize.class, name = "TunnelResize"),
        @JsonSubTypes.Type(value = TunnelClose.class, name = "TunnelClose")
})
public sealed interface AgentMessage
        permits Hello, Heartbeat, DesiredClusters, ClusterObserved, LogChunk, LogFollow, LogStop, BuildRequest,
                BuildResult, Credentials, TunnelOpen, TunnelData, TunnelAck, TunnelResize, TunnelClose {

    /** The JSON property naming a message's record. */
    String TYPE_PROPERTY = "type";
}
