package dev.hearth.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * What a tunnel reaches on a cluster's host (docs/agent-channel.md, "Tunnels"). Always something of
 * the tunnel's own cluster: a target names a container role or a Service/pod of that cluster, never
 * an address, so an agent can refuse anything outside it by construction.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = TunnelTarget.Exec.class, name = "Exec"),
        @JsonSubTypes.Type(value = TunnelTarget.Http.class, name = "Http")
})
public sealed interface TunnelTarget {

    /**
     * A process with a terminal in one of the cluster's containers (the terminal: a shell in the
     * toolbox). A {@code session} names a shell that outlives its tunnel: the agent keeps it for a
     * while after a tunnel detaches, and a later tunnel naming the same session attaches to the same
     * shell and first gets its recent output replayed.
     *
     * @param role the container's {@code dev.hearth.role} label; agents accept {@code toolbox} only
     * @param command the program and arguments to start when the session is new
     * @param cols terminal width in columns
     * @param rows terminal height in rows
     * @param session a resumable session's name, or null for a process that ends with its tunnel
     * @param watch attach read-only: output only, input is dropped by the agent
     */
    record Exec(String role, List<String> command, int cols, int rows, String session, boolean watch)
            implements TunnelTarget {

        public static final String TOOLBOX = "toolbox";

        public Exec {
            Required.text(role, "target.role");
            command = command == null ? List.of() : List.copyOf(command);
            if (cols < 1 || rows < 1 || cols > 1000 || rows > 1000) {
                throw new IllegalArgumentException("target.cols and target.rows must be 1..1000, got " + cols + "x" + rows);
            }
        }
    }

    /**
     * A TCP stream to a port of a Service or pod of the cluster, as seen on the cluster's network
     * (issue 14's app proxy). Exactly one of {@code service} and {@code pod}, and exactly one of
     * {@code port} (a Service's port number, or a pod's container port) and {@code portName} (a
     * Service's port by name, as the app proxy names port {@code http}). The agent resolves it through
     * the cluster's own API server and connects only to an address of the cluster's WASI node
     * (docs/security.md, "Web apps through the portal").
     */
    record Http(String namespace, String service, String pod, int port, String portName) implements TunnelTarget {

        /** How an agent's {@link TunnelClose} reason for an unopened Http tunnel starts when the Service, port or pod does not exist. */
        public static final String NOT_FOUND = "not found: ";
        /** ... when nothing behind it is Ready (yet): no ready endpoint, no pod IP, nothing listening. */
        public static final String NOT_READY = "not ready: ";
        /** ... when the agent will not open it: outside the cluster, a cluster it does not hold, its limit. */
        public static final String REFUSED = "refused: ";

        public Http {
            Required.text(namespace, "target.namespace");
            if ((service == null || service.isBlank()) == (pod == null || pod.isBlank())) {
                throw new IllegalArgumentException("target needs exactly one of service and pod");
            }
            boolean named = portName != null && !portName.isBlank();
            if (named == (port != 0)) {
                throw new IllegalArgumentException("target needs exactly one of port and portName");
            }
            if (!named && (port < 1 || port > 65535)) {
                throw new IllegalArgumentException("target.port must be 1..65535, got " + port);
            }
            if (named && pod != null && !pod.isBlank()) {
                throw new IllegalArgumentException("target.portName names a Service's port; a pod needs target.port");
            }
        }

        /** A port by number. */
        public Http(String namespace, String service, String pod, int port) {
            this(namespace, service, pod, port, null);
        }

        /** A Service's port by name. */
        public static Http servicePort(String namespace, String service, String portName) {
            return new Http(namespace, service, null, 0, portName);
        }
    }
}
