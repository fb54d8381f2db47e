package dev.hearth.agent.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.hearth.agent.AgentSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/**
 * The one connection to this host's Docker engine. Every call is bounded by the configured timeout,
 * so a hung engine makes the agent report "not reachable" instead of hanging with it.
 */
@ApplicationScoped
public class DockerEndpoint implements AutoCloseable {

    private final String address;
    private final Duration timeout;
    private final DockerClient client;

    @Inject
    public DockerEndpoint(AgentSettings settings) {
        this(settings.docker().host(), settings.docker().timeout());
    }

    DockerEndpoint(String address, Duration timeout) {
        this(address, timeout, 16);
    }

    private DockerEndpoint(String address, Duration timeout, int maxConnections) {
        this.address = address;
        this.timeout = timeout;
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(address)
                .build();
        DockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(timeout)
                .responseTimeout(timeout)
                .maxConnections(maxConnections)
                .build();
        this.client = DockerClientImpl.getInstance(config, http);
    }

    /**
     * Another client of the same engine whose calls may take up to {@code timeout}: for calls that
     * wait on purpose, as following a build's log until it exits does. Close it when done.
     */
    public DockerEndpoint withTimeout(Duration timeout) {
        return new DockerEndpoint(address, timeout);
    }

    /**
     * As {@link #withTimeout(Duration)}, with room for {@code maxConnections} streams open at once: each
     * attached exec (a terminal's shell) holds one connection for as long as it runs.
     */
    public DockerEndpoint withTimeout(Duration timeout, int maxConnections) {
        return new DockerEndpoint(address, timeout, maxConnections);
    }

    /** The engine's address as configured, e.g. {@code unix:///var/run/docker.sock}. */
    public String address() {
        return address;
    }

    /** The client for the executor; calls on it are bounded by the same timeout. */
    public DockerClient client() {
        return client;
    }

    /** Asks the engine for its version: a sign of life that also says which engine answered. */
    public DockerProbe probe() {
        try {
            return new DockerProbe.Reachable(address, client.versionCmd().exec().getVersion());
        } catch (RuntimeException e) {
            return new DockerProbe.Unreachable(address, timedOut(e)
                    ? "no answer within " + timeout.toMillis() / 1000.0 + " s"
                    : rootCause(e));
        }
    }

    @PreDestroy
    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // Closing idle connections at shutdown; nothing is left to recover.
        }
    }

    /** The transport cancels a call that outlives the timeout; its exceptions then carry no message. */
    private static boolean timedOut(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof CancellationException
                    || cause instanceof TimeoutException
                    || cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? "" : root.getMessage().trim();
        return text.isEmpty() ? root.getClass().getSimpleName() : text;
    }
}
