package dev.hearth.backend.terminal;

import dev.hearth.backend.identity.Caller;
import dev.hearth.backend.identity.UserDirectory;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides every terminal socket before the upgrade (docs/security.md, "Terminal"): the browser's session
 * must be the cluster's owner (or, for a watch, the seat's classroom's instructor), else HTTP 404 — the
 * same as for a cluster that does not exist; and the upgrade must come from a page of this portal
 * (its {@code Origin} is the request's own host), since a WebSocket carries the session cookie from any
 * site that opens one and the portal's CSRF header cannot be set on it.
 */
@ApplicationScoped
public class TerminalUpgradeCheck implements HttpUpgradeCheck {

    static final UserData.TypedKey<TerminalTarget> TARGET = new UserData.TypedKey<>("hearth.terminal.target");
    private static final Pattern OWN = Pattern.compile("^/clusters/([^/]+)/terminal/socket$");
    private static final Pattern WATCH = Pattern.compile("^/classrooms/([^/]+)/seats/([^/]+)/terminal/socket$");

    private final TerminalAccess access;
    private final UserDirectory users;

    public TerminalUpgradeCheck(TerminalAccess access, UserDirectory users) {
        this.access = access;
        this.users = users;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return OwnTerminalSocket.ID.equals(endpointId) || WatchTerminalSocket.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        HttpServerRequest request = context.httpRequest();
        if (!sameOrigin(request)) {
            return CheckResult.rejectUpgrade(403);
        }
        String path = request.path();
        // Database reads off the event loop; the answer back on the connection's own (see agent.HostTokenCheck).
        Context eventLoop = Vertx.currentContext();
        return context.securityIdentity()
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(identity -> decide(identity, path))
                .emitOn(eventLoop == null ? Runnable::run : task -> eventLoop.runOnContext(ignored -> task.run()))
                .map(target -> {
                    if (target.isEmpty()) {
                        return CheckResult.rejectUpgradeSync(404);
                    }
                    context.userData().put(TARGET, target.get());
                    return CheckResult.permitUpgradeSync();
                });
    }

    static TerminalTarget targetOf(io.quarkus.websockets.next.Connection connection) {
        return connection.userData().get(TARGET);
    }

    private Optional<TerminalTarget> decide(SecurityIdentity identity, String path) {
        if (identity == null || identity.isAnonymous()) {
            return Optional.empty();
        }
        Caller caller = new Caller(identity, users);
        Matcher own = OWN.matcher(path);
        if (own.matches()) {
            return access.own(caller, own.group(1));
        }
        Matcher watch = WATCH.matcher(path);
        if (watch.matches()) {
            return access.watch(caller, watch.group(1), watch.group(2));
        }
        return Optional.empty();
    }

    /** The page that opens the socket is one of this portal's: its Origin names the host the request went to. */
    static boolean sameOrigin(HttpServerRequest request) {
        String origin = request.getHeader("Origin");
        String host = request.getHeader("Host");
        if (origin == null || host == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host.equalsIgnoreCase(authority);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
