package dev.hearth.backend.agent;

import dev.hearth.backend.ratelimit.RateLimitRoutes;
import dev.hearth.backend.ratelimit.RateLimits;
import dev.hearth.backend.ratelimit.RateLimits.Guess;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Authenticates the agent channel's upgrade request, so an agent without a valid host token gets an
 * HTTP 401 and never a WebSocket. The host it proved to be travels to the connection as user data.
 */
@ApplicationScoped
public class HostTokenCheck implements HttpUpgradeCheck {

    static final UserData.TypedKey<String> HOST_ID = UserData.TypedKey.forString("hearth.host.id");
    static final UserData.TypedKey<String> HOST_NAME = UserData.TypedKey.forString("hearth.host.name");

    private final HostAuthenticator authenticator;
    private final RateLimits limits;

    public HostTokenCheck(HostAuthenticator authenticator, RateLimits limits) {
        this.authenticator = authenticator;
        this.limits = limits;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return AgentEndpoint.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        String authorization = context.httpRequest().getHeader("Authorization");
        String remote = String.valueOf(context.httpRequest().remoteAddress());
        String client = RateLimitRoutes.client(context.httpRequest());
        // The lookup is a database transaction: never on the event loop. The answer goes back to the
        // connection's own event loop, though: completing the upgrade from a worker thread lets the
        // agent's first frame (its Hello) race the endpoint's handlers being installed, and be dropped.
        Context eventLoop = Vertx.currentContext();
        return Uni.createFrom().item(() -> authenticator.authenticate(authorization, remote))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .emitOn(eventLoop == null ? Runnable::run : task -> eventLoop.runOnContext(ignored -> task.run()))
                .map(host -> {
                    if (host.isEmpty()) {
                        // RateLimitRoutes refuses the address's upgrades once it has failed too often.
                        limits.failed(Guess.AGENT_UPGRADE, client);
                        return CheckResult.rejectUpgradeSync(401);
                    }
                    context.userData().put(HOST_ID, host.get().id().toString());
                    context.userData().put(HOST_NAME, host.get().name());
                    return CheckResult.permitUpgradeSync();
                });
    }

    /** The host a connection authenticated as. */
    static AuthenticatedHost hostOf(io.quarkus.websockets.next.Connection connection) {
        return new AuthenticatedHost(UUID.fromString(connection.userData().get(HOST_ID)),
                connection.userData().get(HOST_NAME));
    }
}
