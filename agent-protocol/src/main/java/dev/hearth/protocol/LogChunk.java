package dev.hearth.protocol;

import java.util.List;

/**
 * Lines of one log stream (a build's output, a pod container's log), numbered so the receiver can
 * drop lines it already has after a reconnect and notice a gap.
 *
 * @param stream which log; on the wire its name, {@code build/<buildId>} or {@code pod/<clusterId>/<podUid>/<container>}
 * @param seq the number of this chunk's first line in its stream, counting from 0
 * @param lines the lines, without line terminators
 * @param end whether the stream is over after these lines (build finished, container exited, log gone)
 */
public record LogChunk(LogStreamId stream, long seq, List<String> lines, boolean end) implements AgentMessage {

    public LogChunk {
        Required.value(stream, "stream");
        if (seq < 0) {
            throw new IllegalArgumentException("seq cannot be negative, got " + seq);
        }
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    /** Lines of a stream that goes on. */
    public LogChunk(LogStreamId stream, long seq, List<String> lines) {
        this(stream, seq, lines, false);
    }

    /** Lines of the stream named {@code stream} (its stored form, read by {@link LogStreamId#parse}). */
    public LogChunk(String stream, long seq, List<String> lines, boolean end) {
        this(LogStreamId.parse(stream), seq, lines, end);
    }

    /** Lines of the stream named {@code stream} that goes on. */
    public LogChunk(String stream, long seq, List<String> lines) {
        this(LogStreamId.parse(stream), seq, lines, false);
    }

    /** The number the next chunk of this stream starts at. */
    public long nextSeq() {
        return seq + lines.size();
    }
}
