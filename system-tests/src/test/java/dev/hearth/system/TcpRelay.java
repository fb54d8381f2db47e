package dev.hearth.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Bytes from one listening address to another, both ends on this machine: stands for a service that
 * listens on every address, where the shared one listens on loopback only (Keycloak, started without
 * HEARTH_ADVERTISE_ADDRESS). Each connection gets two virtual threads; closing stops accepting and
 * closes the sockets, open ones included, so a drill can cut a service off as an outage would
 * (kept-alive connections keep working otherwise).
 */
final class TcpRelay implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final java.util.Set<Socket> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private TcpRelay(ServerSocket server, InetSocketAddress target) {
        this.server = server;
        this.target = target;
    }

    /** Listens on {@code address} (a free port) and relays to {@code target}. */
    static TcpRelay start(String address, InetSocketAddress target) {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName(address));
            TcpRelay relay = new TcpRelay(server, target);
            Thread.ofVirtual().name("relay-accept-" + server.getLocalPort()).start(relay::accept);
            return relay;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address, e);
        }
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket in = server.accept();
                open.add(in);
                Socket out = new Socket(target.getAddress(), target.getPort());
                open.add(out);
                Thread.ofVirtual().start(() -> pipe(in, out));
                Thread.ofVirtual().start(() -> pipe(out, in));
            } catch (IOException e) {
                // Closed, or the target refused this one connection: the client sees it closed.
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // The other direction closed the sockets.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // Already closed.
        }
        open.forEach(TcpRelay::closeQuietly);
        open.clear();
    }
}
