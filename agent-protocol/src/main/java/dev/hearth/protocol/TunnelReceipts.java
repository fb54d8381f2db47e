package dev.hearth.protocol;

/**
 * The receiving side of a tunnel's flow control: counts bytes consumed and says when to acknowledge
 * them — every quarter window, so a tunnel of keystrokes costs no ack per keystroke, and a sender
 * blocked at a full window is always released (a full window is four quarters).
 */
public final class TunnelReceipts {

    private final long threshold;
    private long unacked;

    public TunnelReceipts(long window) {
        this.threshold = Math.max(1, window / 4);
    }

    /** @return how many bytes to acknowledge now, or 0 to wait for more */
    public synchronized long consumed(int bytes) {
        unacked += bytes;
        if (unacked < threshold) {
            return 0;
        }
        long ack = unacked;
        unacked = 0;
        return ack;
    }
}
