package dev.hearth.backend.token;

import io.quarkus.arc.Arc;
import io.quarkus.qute.TemplateExtension;
import java.time.Clock;

/** A token's state as the tokens page shows it: {@code {t.state}} is active, revoked or expired. */
@TemplateExtension
final class TokenDisplay {

    private TokenDisplay() {
    }

    static String state(TokenView token) {
        if (token.revokedAt() != null) {
            return "revoked";
        }
        // Static extension: the application's Clock is looked up so pages and services agree on "now".
        return token.expiresAt().isAfter(Arc.container().instance(Clock.class).get().instant()) ? "active" : "expired";
    }

    static boolean active(TokenView token) {
        return "active".equals(state(token));
    }
}
