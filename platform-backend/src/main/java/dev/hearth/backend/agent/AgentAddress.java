package dev.hearth.backend.agent;

import io.quarkus.websockets.next.WebSocketConnection;

/** The address an agent's connection comes from, without the port: what its host cannot choose freely. */
final class AgentAddress {

    private AgentAddress() {
    }

    static String of(WebSocketConnection connection) {
        return hostOf(connection.handshakeRequest().remoteAddress());
    }

    /** The host part of a {@code host:port} socket address as Vert.x prints it (the port always last). */
    static String hostOf(String socketAddress) {
        if (socketAddress == null || socketAddress.lastIndexOf(':') <= 0) {
            return socketAddress;
        }
        String host = socketAddress.substring(0, socketAddress.lastIndexOf(':'));
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
