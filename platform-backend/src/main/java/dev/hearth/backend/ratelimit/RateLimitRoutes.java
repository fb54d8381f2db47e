package dev.hearth.backend.ratelimit;

import dev.hearth.backend.problem.Problem;
import dev.hearth.backend.problem.ProblemResponses;
import dev.hearth.backend.ratelimit.RateLimits.Guess;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;

/**
 * Turns away a client that has used up its failed guesses before any secret is looked up: {@code hth_}
 * tokens on {@code /api/*}, host tokens on the agent channel's upgrade ({@code /agent/*}). The
 * failures themselves are counted where the secret is checked (ApiTokenIdentityProvider,
 * HostTokenCheck). Answers 429 problem+json with {@code Retry-After}.
 */
@ApplicationScoped
public class RateLimitRoutes {

    private final RateLimits limits;

    public RateLimitRoutes(RateLimits limits) {
        this.limits = limits;
    }

    /** The address limits are kept by: the peer, or the forwarded client when proxy forwarding is on. */
    public static String client(io.vertx.core.http.HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    void install(@Observes Router router) {
        router.route("/api/*").order(Integer.MIN_VALUE + 1).handler(context -> {
            String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
            boolean apiToken = authorization != null && authorization.regionMatches(true, 0, "Bearer hth_", 0, 11);
            guard(context, apiToken ? Optional.of(Guess.API_TOKEN) : Optional.empty());
        });
        router.route("/agent/*").order(Integer.MIN_VALUE + 1).handler(context -> guard(context, Optional.of(Guess.AGENT_UPGRADE)));
    }

    private void guard(RoutingContext context, Optional<Guess> guess) {
        Optional<TooManyAttemptsProblem> refusal = guess.flatMap(g -> limits.refusal(g, client(context.request())));
        if (refusal.isEmpty()) {
            context.next();
            return;
        }
        TooManyAttemptsProblem problem = refusal.get();
        context.response().setStatusCode(429)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader("Retry-After", Long.toString(problem.retryAfterSeconds().orElseThrow()))
                .end(ProblemResponses.json(429, problem.slug(), problem.title(), problem.getMessage(),
                        context.normalizedPath()));
    }
}
