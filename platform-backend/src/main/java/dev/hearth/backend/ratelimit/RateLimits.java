package dev.hearth.backend.ratelimit;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;

/** The three guessing limits of docs/security.md ("Browser and API tokens"), one limiter each. */
@ApplicationScoped
public class RateLimits {

    /** What a limit counts: failed guesses of one kind of secret. */
    public enum Guess {
        API_TOKEN("API token attempts"),
        AGENT_UPGRADE("agent connection attempts"),
        JOIN_CODE("join code attempts");

        final String what;

        Guess(String what) {
            this.what = what;
        }
    }

    private final Clock clock;
    private final AttemptLimiter apiTokens;
    private final AttemptLimiter agentUpgrades;
    private final AttemptLimiter joinCodes;

    public RateLimits(RateLimitSettings settings, Clock clock) {
        this.clock = clock;
        this.apiTokens = limiter(settings.apiTokens(), settings.maxTrackedClients());
        this.agentUpgrades = limiter(settings.agentUpgrades(), settings.maxTrackedClients());
        this.joinCodes = limiter(settings.joinCodes(), settings.maxTrackedClients());
    }

    /** The 429 {@code client} gets now for {@code guess}, if it has used up its failures. */
    public Optional<TooManyAttemptsProblem> refusal(Guess guess, String client) {
        return of(guess).retryAfter(client, clock.instant()).map(wait -> new TooManyAttemptsProblem(guess.what, wait));
    }

    /** @throws TooManyAttemptsProblem when {@code client} has used up its failures for {@code guess} */
    public void check(Guess guess, String client) {
        Optional<TooManyAttemptsProblem> refusal = refusal(guess, client);
        if (refusal.isPresent()) {
            throw refusal.get();
        }
    }

    public void failed(Guess guess, String client) {
        of(guess).failed(client, clock.instant());
    }

    private AttemptLimiter of(Guess guess) {
        return switch (guess) {
            case API_TOKEN -> apiTokens;
            case AGENT_UPGRADE -> agentUpgrades;
            case JOIN_CODE -> joinCodes;
        };
    }

    private static AttemptLimiter limiter(RateLimitSettings.Limit limit, int maxKeys) {
        return new AttemptLimiter(limit.failures(), limit.window(), maxKeys);
    }
}
