package dev.hearth.backend.apps;

import dev.hearth.backend.problem.NotFoundProblem;
import dev.hearth.backend.problem.ProblemException;
import dev.hearth.backend.tunnel.Tunnel;
import dev.hearth.backend.tunnel.TunnelSink;
import dev.hearth.backend.tunnel.Tunnels;
import dev.hearth.protocol.TunnelTarget;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reaches an app through its cluster's host agent (docs/portal.md, "Web apps"): one {@link Tunnels}
 * tunnel per request to port {@code http} of the Service ({@link TunnelTarget.Http}), over the agent's
 * outbound channel — so a host behind NAT, whose API servers the backend cannot reach, serves its apps.
 * The agent decides what the tunnel may reach (only the cluster's own WASI node, docs/security.md); this
 * writes one HTTP/1.1 request with {@code Connection: close} and reads the answer until the app closes.
 * Bounded by {@code hearth.apps.timeout} (504) and {@code hearth.apps.max-response-bytes} (502).
 */
@ApplicationScoped
public class AppTunnelTransport implements AppTransport {

    private final Tunnels tunnels;
    private final Duration timeout;
    private final int maxResponseBytes;

    public AppTunnelTransport(Tunnels tunnels,
            @ConfigProperty(name = "hearth.apps.timeout", defaultValue = "30s") Duration timeout,
            @ConfigProperty(name = "hearth.apps.max-response-bytes", defaultValue = "16777216") int maxResponseBytes) {
        this.tunnels = tunnels;
        this.timeout = timeout;
        this.maxResponseBytes = maxResponseBytes;
    }

    @Override
    public AppResponse exchange(AppTarget target, AppRequest request) {
        Answer answer = new Answer(maxResponseBytes);
        Tunnel tunnel = tunnels.open(target.hostId(), target.clusterId(),
                TunnelTarget.Http.servicePort(target.namespace(), target.service(), "http"), answer);
        try {
            if (!tunnel.send(Http1Exchange.request(request, target.service()), timeout)) {
                tunnel.close("the request could not be sent in time");
            }
            String reason = answer.ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            byte[] bytes = answer.bytes();
            if (answer.overflow) {
                throw new ProblemException(502, "app-answer-too-large", "App answer too large",
                        "the app's answer is larger than " + maxResponseBytes + " bytes");
            }
            return Http1Exchange.response(bytes, request.method().equals("HEAD"))
                    .orElseThrow(() -> bytes.length == 0 ? unopened(target, reason)
                            : new ProblemException(502, "app-bad-answer", "App answer not HTTP",
                                    "the app's answer was not a whole HTTP/1.1 response (" + reason + ")"));
        } catch (TimeoutException e) {
            tunnel.close("the app did not answer in time");
            throw new ProblemException(504, "app-timeout", "App did not answer",
                    "the app did not answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tunnel.close("the request was cancelled");
            throw new ProblemException(503, "app-cancelled", "Request cancelled", "the request was cancelled");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Why a tunnel ended before the app said anything: the agent's reason (TunnelTarget.Http's prefixes) as a status. */
    private static ProblemException unopened(AppTarget target, String reason) {
        if (reason.startsWith(TunnelTarget.Http.NOT_FOUND)) {
            return new NotFoundProblem("app", target.namespace() + "/" + target.service());
        }
        if (reason.startsWith(TunnelTarget.Http.NOT_READY)) {
            return new ProblemException(503, "app-not-ready", "App not ready", reason.substring(TunnelTarget.Http.NOT_READY.length()));
        }
        return new ProblemException(502, "app-not-reachable", "App not reachable", reason);
    }

    /** What the app answers, gathered as the tunnel delivers it; complete when the tunnel ends. */
    private static final class Answer implements TunnelSink {

        private final int max;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<String> ended = new CompletableFuture<>();
        private volatile boolean overflow;

        Answer(int max) {
            this.max = max;
        }

        @Override
        public synchronized void data(byte[] data) {
            if (bytes.size() + data.length > max) {
                overflow = true; // what is past the bound is dropped; the request fails with 502
                return;
            }
            bytes.writeBytes(data);
        }

        @Override
        public void closed(String reason) {
            ended.complete(reason);
        }

        synchronized byte[] bytes() {
            return bytes.toByteArray();
        }
    }
}
