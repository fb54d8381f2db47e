package dev.hearth.backend.identity;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Who may read {@code /q/metrics} (policy {@code metrics-reader} in application.properties): an admin,
 * with a Keycloak access token or with an API token that has the {@code hosts:admin} scope, so a
 * Prometheus scraper is given a narrow token of its own. Metrics name hosts, clusters and load, which
 * are an operator's business, not the internet's (docs/security.md, "Browser and API tokens").
 */
@ApplicationScoped
public class MetricsReaderPolicy implements HttpSecurityPolicy {

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext request, Uni<SecurityIdentity> identity,
            AuthorizationRequestContext requestContext) {
        return identity.map(caller -> {
            if (caller.isAnonymous() || !caller.hasRole(Role.ADMIN)) {
                return CheckResult.DENY;
            }
            Set<Scope> tokenScopes = caller.getAttribute(CallerAttributes.SCOPES);
            return tokenScopes == null || tokenScopes.contains(Scope.HOSTS_ADMIN) ? CheckResult.PERMIT : CheckResult.DENY;
        });
    }

    @Override
    public String name() {
        return "metrics-reader";
    }
}
