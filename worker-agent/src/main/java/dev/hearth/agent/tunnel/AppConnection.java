package dev.hearth.agent.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * One {@code Http} tunnel's TCP connection to an app on the cluster's network: what the backend sends is
 * written to the socket by a writer thread of its own (the channel's thread never waits on an app), and
 * what the app answers is sent back within the tunnel's window (a slow reader stops the reading, not the
 * agent's memory). The connection ends when the app closes it, the backend closes the tunnel, or the
 * reader stalls; {@code ended} hears it once, with a reason.
 */
final class AppConnection {

    private static final byte[] END = new byte[0];

    private final Socket socket;
    private final Attachment attachment;
    private final BlockingQueue<byte[]> toApp = new LinkedBlockingQueue<>();
    private final AtomicBoolean over = new AtomicBoolean();
    private final BiConsumer<AppConnection, String> ended;

    AppConnection(Socket socket, Attachment attachment, BiConsumer<AppConnection, String> ended) {
        this.socket = socket;
        this.attachment = attachment;
        this.ended = ended;
    }

    String tunnelId() {
        return attachment.tunnelId();
    }

    /** Sends the open frame and starts the two pumps on virtual threads. */
    void start() {
        attachment.opened();
        Thread.ofVirtual().name("hearth-app-in-" + tunnelId()).start(this::readApp);
        Thread.ofVirtual().name("hearth-app-out-" + tunnelId()).start(this::writeApp);
    }

    /** Bytes from the backend; at most the window is ever queued, since the backend keeps to it. */
    void fromBackend(byte[] bytes) {
        if (!over.get() && bytes.length > 0) {
            toApp.add(bytes);
        }
    }

    void acked(long bytes) {
        attachment.acked(bytes);
    }

    /** The backend ended the tunnel (or the channel dropped): the connection goes, nothing is sent back. */
    void close() {
        if (over.compareAndSet(false, true)) {
            shut();
        }
    }

    private void readApp() {
        byte[] buffer = new byte[8192];
        String reason = "the app closed the connection";
        try (InputStream in = socket.getInputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (read > 0 && !attachment.send(Arrays.copyOf(buffer, read))) {
                    reason = "nobody read the app's answer";
                    break;
                }
            }
        } catch (IOException e) {
            reason = over.get() ? "closed" : "the connection to the app failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        end(reason);
    }

    private void writeApp() {
        try {
            OutputStream out = socket.getOutputStream();
            while (true) {
                byte[] bytes = toApp.take();
                if (bytes == END) {
                    return;
                }
                out.write(bytes);
                out.flush();
                attachment.consumed(bytes.length);
            }
        } catch (IOException e) {
            end("the connection to the app failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void end(String reason) {
        if (over.compareAndSet(false, true)) {
            shut();
            ended.accept(this, reason);
        }
    }

    private void shut() {
        toApp.add(END);
        attachment.close();
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all that is left to do with it.
        }
    }
}
