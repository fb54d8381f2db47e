package dev.hearth.protocol;

/**
 * Asks the agent of a cluster's host to follow one pod container's log (as {@code kubectl logs -f}
 * does) and send it as {@link LogChunk}s of {@code stream}, starting at line {@code fromSeq}: after a
 * reconnect the backend asks again from the first line it does not have. Following the same stream
 * twice is harmless; the agent keeps one follower per stream. The agent ends the stream
 * ({@code end=true}) when the container has exited and its log is read, or when the pod is gone or
 * replaced (another uid).
 *
 * <p>{@code clusterId}, {@code podUid} and {@code container} repeat what the stream id holds: agents
 * before the typed {@link LogStreamId} read them from these fields, so they stay on the wire, and a
 * message where they disagree with the stream is refused.
 *
 * @param stream the stream: the pod container's log
 * @param clusterId the cluster the pod runs in
 * @param namespace the pod's namespace
 * @param pod the pod's name
 * @param podUid the pod's uid, so a pod re-created under the same name is a new stream
 * @param container the container whose log to follow
 * @param fromSeq the first line to send, counting from 0
 */
public record LogFollow(LogStreamId.Pod stream, String clusterId, String namespace, String pod, String podUid,
        String container, long fromSeq) implements AgentMessage {

    public LogFollow {
        Required.value(stream, "stream");
        Required.text(namespace, "namespace");
        Required.text(pod, "pod");
        if (!stream.clusterId().equals(clusterId) || !stream.podUid().equals(podUid) || !stream.container().equals(container)) {
            throw new IllegalArgumentException("clusterId, podUid and container must be those of stream " + stream.name()
                    + ", got " + clusterId + ", " + podUid + ", " + container);
        }
        if (fromSeq < 0) {
            throw new IllegalArgumentException("fromSeq cannot be negative, got " + fromSeq);
        }
    }

    /** Follow {@code stream}, the log of a container of pod {@code namespace/pod}, from line {@code fromSeq}. */
    public LogFollow(LogStreamId.Pod stream, String namespace, String pod, long fromSeq) {
        this(stream, stream.clusterId(), namespace, pod, stream.podUid(), stream.container(), fromSeq);
    }
}
