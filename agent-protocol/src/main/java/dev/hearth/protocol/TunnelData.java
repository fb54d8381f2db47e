package dev.hearth.protocol;

import java.util.Arrays;
import java.util.Base64;

/**
 * Bytes of a tunnel, in either direction; base64 on the wire. Frames are numbered per direction from 0
 * so a receiver notices a lost or reordered frame (it closes the tunnel rather than corrupt a stream).
 * A sender keeps at most the tunnel's window unacknowledged, and frames carry at most
 * {@link #MAX_BYTES}, so a frame relayed between backend replicas fits one PostgreSQL notification.
 */
public record TunnelData(String tunnelId, long seq, byte[] bytes) implements AgentMessage {

    /** 4 KiB: base64 makes it 5.5 kB, under NOTIFY's 8000-byte payload with room for the envelope. */
    public static final int MAX_BYTES = 4096;

    public TunnelData {
        Required.text(tunnelId, "tunnelId");
        if (seq < 0) {
            throw new IllegalArgumentException("seq cannot be negative, got " + seq);
        }
        bytes = bytes == null ? new byte[0] : bytes;
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("bytes must be at most " + MAX_BYTES + ", got " + bytes.length);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TunnelData that && seq == that.seq && tunnelId.equals(that.tunnelId)
                && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * tunnelId.hashCode() + Long.hashCode(seq)) + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        // Keystrokes and terminal output are the participant's: never in a log line.
        return "TunnelData[tunnelId=" + tunnelId + ", seq=" + seq + ", " + bytes.length + " bytes]";
    }

    /** For tests and logs of the shape only. */
    public String base64() {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
