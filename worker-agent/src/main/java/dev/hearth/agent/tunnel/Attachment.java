package dev.hearth.agent.tunnel;

import dev.hearth.protocol.AgentMessage;
import dev.hearth.protocol.TunnelAck;
import dev.hearth.protocol.TunnelCredit;
import dev.hearth.protocol.TunnelData;
import dev.hearth.protocol.TunnelReceipts;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * One tunnel attached to a shell: its frames numbered from 0 and its share of flow control. The
 * controlling tunnel holds the shell back when its reader is slow (the output waits for credit); a
 * watcher never does — what does not fit its window is dropped for it alone.
 */
final class Attachment {

    private final String tunnelId;
    private final boolean watch;
    private final TunnelCredit credit;
    private final TunnelReceipts receipts;
    private final Consumer<AgentMessage> out;
    private final Duration stallTimeout;
    private long nextSeq;

    Attachment(String tunnelId, boolean watch, int window, Consumer<AgentMessage> out, Duration stallTimeout) {
        this.tunnelId = tunnelId;
        this.watch = watch;
        this.credit = new TunnelCredit(window);
        this.receipts = new TunnelReceipts(window);
        this.out = out;
        this.stallTimeout = stallTimeout;
    }

    String tunnelId() {
        return tunnelId;
    }

    boolean watch() {
        return watch;
    }

    /** The first frame, empty: the backend learns the target is open. */
    synchronized void opened() {
        out.accept(new TunnelData(tunnelId, nextSeq++, new byte[0]));
    }

    /**
     * Sends output to the backend.
     *
     * @return false when the reader acknowledged nothing for the stall timeout (the tunnel is dead)
     */
    synchronized boolean send(byte[] bytes) throws InterruptedException {
        for (int from = 0; from < bytes.length; from += TunnelData.MAX_BYTES) {
            byte[] frame = Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + TunnelData.MAX_BYTES));
            if (watch) {
                if (!credit.tryTake(frame.length)) {
                    return true;
                }
            } else if (!credit.take(frame.length, stallTimeout)) {
                return false;
            }
            out.accept(new TunnelData(tunnelId, nextSeq++, frame));
        }
        return true;
    }

    void acked(long bytes) {
        credit.acked(bytes);
    }

    /** Input of {@code bytes} was consumed (typed into the shell, or dropped for a watcher): acknowledge it. */
    void consumed(int bytes) {
        long ack = receipts.consumed(bytes);
        if (ack > 0) {
            out.accept(new TunnelAck(tunnelId, ack));
        }
    }

    void close() {
        credit.close();
    }
}
