package dev.hearth.backend.outage;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.Wellness;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Keycloak in {@code /q/health} (and {@code /q/health/well}), so an operator sees which dependency is
 * down. Not a readiness check: while Keycloak is away, API tokens and open sessions still work, so the
 * backend must keep serving.
 */
@Wellness
@ApplicationScoped
public class KeycloakHealth implements AsyncHealthCheck {

    private final SignInAvailability signIn;

    public KeycloakHealth(SignInAvailability signIn) {
        this.signIn = signIn;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().completionStage(() -> signIn.reachable().toCompletionStage())
                .map(up -> HealthCheckResponse.named("Keycloak (sign-in)").status(up)
                        .withData("address", signIn.address())
                        .withData("effect", up ? "none" : "browsers cannot sign in; API tokens and open sessions keep working")
                        .build());
    }
}
