package dev.hearth.protocol;

import java.util.List;

/**
 * Lines of one log stream (a build, a cluster's provisioning output), numbered so the receiver can
 * drop a chunk it already has after a reconnect and notice a gap.
 *
 * @param stream which log, e.g. {@code build/b-17}
 * @param seq the number of this chunk's first line in its stream, counting from 0
 * @param lines the lines, without line terminators
 */
public record LogChunk(String stream, long seq, List<String> lines) implements AgentMessage {

    public LogChunk {
        Required.text(stream, "stream");
        if (seq < 0) {
            throw new IllegalArgumentException("seq cannot be negative, got " + seq);
        }
        lines = lines == null ? List.of() : List.copyOf(lines);
    }
}
