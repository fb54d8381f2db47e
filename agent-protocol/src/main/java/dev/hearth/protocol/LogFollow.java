package dev.hearth.protocol;

/**
 * Asks the agent of a cluster's host to follow one pod container's log (as {@code kubectl logs -f}
 * does) and send it as {@link LogChunk}s of {@code stream}, starting at line {@code fromSeq}: after a
 * reconnect the backend asks again from the first line it does not have. Following the same stream
 * twice is harmless; the agent keeps one follower per stream. The agent ends the stream
 * ({@code end=true}) when the container has exited and its log is read, or when the pod is gone or
 * replaced (another uid).
 *
 * @param stream the stream's name, {@code pod/<clusterId>/<podUid>/<container>}
 * @param clusterId the cluster the pod runs in
 * @param namespace the pod's namespace
 * @param pod the pod's name
 * @param podUid the pod's uid, so a pod re-created under the same name is a new stream
 * @param container the container whose log to follow
 * @param fromSeq the first line to send, counting from 0
 */
public record LogFollow(String stream, String clusterId, String namespace, String pod, String podUid,
        String container, long fromSeq) implements AgentMessage {

    public LogFollow {
        Required.text(stream, "stream");
        Required.text(clusterId, "clusterId");
        Required.text(namespace, "namespace");
        Required.text(pod, "pod");
        Required.text(podUid, "podUid");
        Required.text(container, "container");
        if (fromSeq < 0) {
            throw new IllegalArgumentException("fromSeq cannot be negative, got " + fromSeq);
        }
    }
}
