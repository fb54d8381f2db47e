package dev.hearth.backend.tunnel;

import dev.hearth.protocol.TunnelClose;
import dev.hearth.protocol.TunnelCredit;
import dev.hearth.protocol.TunnelData;
import dev.hearth.protocol.TunnelAck;
import dev.hearth.protocol.TunnelReceipts;
import dev.hearth.protocol.TunnelResize;
import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The backend's end of one tunnel, owned by the replica that opened it (docs/agent-channel.md,
 * "Tunnels"). Writes are bounded by the window the agent acknowledges; received frames must arrive
 * numbered without gaps, or the tunnel is closed rather than hand its sink a corrupted stream.
 */
public final class Tunnel {

    private final String id;
    private final UUID hostId;
    private final String clusterId;
    private final TunnelSink sink;
    private final Tunnels relay;
    private final TunnelCredit credit;
    private final TunnelReceipts receipts;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Released by the agent's first frame, or by the end: what {@link #send} waits for before writing. */
    private final CountDownLatch settled = new CountDownLatch(1);
    private final Object sending = new Object();
    private long nextOut;
    private long nextIn;
    private volatile boolean answered;

    Tunnel(String id, UUID hostId, String clusterId, int window, TunnelSink sink, Tunnels relay) {
        this.id = id;
        this.hostId = hostId;
        this.clusterId = clusterId;
        this.sink = sink;
        this.relay = relay;
        this.credit = new TunnelCredit(window);
        this.receipts = new TunnelReceipts(window);
    }

    public String id() {
        return id;
    }

    public UUID hostId() {
        return hostId;
    }

    public String clusterId() {
        return clusterId;
    }

    public boolean isOpen() {
        return !closed.get();
    }

    /**
     * Sends bytes to the target, in frames of at most {@link TunnelData#MAX_BYTES}.
     *
     * @return false when the tunnel is closed, the target has not answered yet (not open: nothing could
     *         read the bytes), or its window is full (the target is not reading): the bytes not yet sent
     *         are dropped, which for a terminal is a keystroke before its prompt or a paste too large to type
     */
    public synchronized boolean write(byte[] bytes) {
        if (!answered) {
            return false;
        }
        for (int from = 0; from < bytes.length; from += TunnelData.MAX_BYTES) {
            byte[] frame = Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + TunnelData.MAX_BYTES));
            if (closed.get() || !credit.tryTake(frame.length)) {
                return false;
            }
            relay.toAgent(hostId, new TunnelData(id, nextOut++, frame));
        }
        return !closed.get();
    }

    /**
     * Sends all of {@code bytes} to the target, waiting (up to {@code timeout} in all) for the target to
     * open and for the window to have room: for a request that must arrive whole (the app proxy's), where
     * {@link #write} would drop what does not fit. The waiting is done outside this tunnel's monitor, so
     * the frames and acknowledgements that free the window keep arriving meanwhile.
     *
     * @return false when the tunnel closed or the timeout passed before everything was sent
     */
    public boolean send(byte[] bytes, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!settled.await(timeout.toNanos(), TimeUnit.NANOSECONDS) || closed.get()) {
            return false;
        }
        synchronized (sending) {
            for (int from = 0; from < bytes.length; from += TunnelData.MAX_BYTES) {
                byte[] frame = Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + TunnelData.MAX_BYTES));
                if (!credit.take(frame.length, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                    return false;
                }
                synchronized (this) {
                    if (closed.get()) {
                        return false;
                    }
                    relay.toAgent(hostId, new TunnelData(id, nextOut++, frame));
                }
            }
        }
        return !closed.get();
    }

    public void resize(int cols, int rows) {
        if (!closed.get()) {
            relay.toAgent(hostId, new TunnelResize(id, cols, rows));
        }
    }

    /** Ends the tunnel and its target (a named shell included). */
    public void close(String reason) {
        end(reason, false);
    }

    /** Ends the tunnel but asks the agent to keep a named shell for a later tunnel to resume. */
    public void detach(String reason) {
        end(reason, true);
    }

    private void end(String reason, boolean detach) {
        if (closed.compareAndSet(false, true)) {
            credit.close();
            settled.countDown();
            relay.forget(this);
            relay.toAgent(hostId, new TunnelClose(id, reason, detach));
            sink.closed(reason);
        }
    }

    boolean answered() {
        return answered;
    }

    /** A frame from the agent; the relay has checked it came from this tunnel's host. */
    void received(TunnelData data) {
        long ack;
        synchronized (this) {
            if (closed.get()) {
                return;
            }
            if (data.seq() != nextIn) {
                // A frame relayed between replicas was lost (a listener reconnect): the stream is broken.
                relay.log(this, "frame " + data.seq() + " arrived, expected " + nextIn);
                close("the connection to the host lost data; open it again");
                return;
            }
            nextIn++;
            answered = true;
            settled.countDown();
            if (data.bytes().length == 0) {
                return;
            }
            sink.data(data.bytes());
            ack = receipts.consumed(data.bytes().length);
        }
        if (ack > 0) {
            relay.toAgent(hostId, new TunnelAck(id, ack));
        }
    }

    void acked(TunnelAck ack) {
        credit.acked(ack.bytes());
    }

    /** The agent (or the relay on its behalf) ended the tunnel. */
    void ended(String reason) {
        if (closed.compareAndSet(false, true)) {
            credit.close();
            settled.countDown();
            relay.forget(this);
            sink.closed(reason);
        }
    }
}
