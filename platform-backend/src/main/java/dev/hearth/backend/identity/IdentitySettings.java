package dev.hearth.backend.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How API-token calls learn their owner's current standing in Keycloak ({@code hearth.identity.*}). */
@ConfigMapping(prefix = "hearth.identity")
public interface IdentitySettings {

    /** How long an answer of Keycloak about a person (enabled, realm roles) is used before asking again. */
    @WithDefault("60s")
    Duration accountCache();

    /** While Keycloak cannot be reached, an older answer is used up to this age; beyond it tokens are refused. */
    @WithDefault("15m")
    Duration accountStaleLimit();

    /** People whose answers are kept at once; beyond it the cache starts over. */
    @WithDefault("10000")
    int accountCacheSize();
}
