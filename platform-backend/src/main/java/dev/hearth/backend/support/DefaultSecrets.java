package dev.hearth.backend.support;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start the {@code prod} profile with a secret that is published in this repository
 * (docs/security.md, "Browser and API tokens"): the committed kubeconfig key, always; the dev realm's
 * OIDC client secret and the default database password whenever Keycloak or PostgreSQL is reached
 * beyond loopback. The local stack ({@code ./hearth up}) runs prod against a PostgreSQL and a Keycloak
 * that listen on 127.0.0.1 only, where nobody else can present those secrets, and generates its own
 * kubeconfig key.
 */
@ApplicationScoped
public class DefaultSecrets {

    /** The %dev/%test key in application.properties: public, so it protects nothing. */
    static final String COMMITTED_KUBECONFIG_KEY = "Q+xy5kvwPJqIwR7xDq5F510T3ToQPQKQxRp+CXMq79g=";
    static final String DEV_REALM_CLIENT_SECRET = "hearth-portal-dev-secret";
    static final String DEFAULT_DB_PASSWORD = "hearth";

    /** The settings checked, as read from configuration. */
    record Settings(Optional<String> kubeconfigKey, String oidcUrl, Optional<String> oidcSecret, String jdbcUrl,
            Optional<String> dbPassword) {
    }

    void check(@Observes StartupEvent event, Config config) {
        if (!ConfigUtils.getProfiles().contains("prod")) {
            return;
        }
        List<String> problems = problems(new Settings(
                config.getOptionalValue("hearth.kubeconfig-key", String.class),
                config.getOptionalValue("quarkus.oidc.auth-server-url", String.class).orElse(""),
                config.getOptionalValue("quarkus.oidc.credentials.secret", String.class),
                config.getOptionalValue("quarkus.datasource.jdbc.url", String.class).orElse(""),
                config.getOptionalValue("quarkus.datasource.password", String.class)));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("refusing to start with secrets published in the Hearth repository: "
                    + String.join("; ", problems));
        }
    }

    static List<String> problems(Settings settings) {
        List<String> problems = new ArrayList<>();
        if (settings.kubeconfigKey().filter(COMMITTED_KUBECONFIG_KEY::equals).isPresent()) {
            problems.add("hearth.kubeconfig-key (HEARTH_KUBECONFIG_KEY) is the committed development key; "
                    + "generate one with: head -c 32 /dev/urandom | base64");
        }
        if (settings.oidcSecret().filter(DEV_REALM_CLIENT_SECRET::equals).isPresent() && !loopback(settings.oidcUrl())) {
            problems.add("quarkus.oidc.credentials.secret (HEARTH_OIDC_SECRET) is the dev realm's client secret while "
                    + "Keycloak is at " + settings.oidcUrl() + "; set the hearth-portal client's own secret");
        }
        if (settings.dbPassword().filter(DEFAULT_DB_PASSWORD::equals).isPresent()
                && !loopback(settings.jdbcUrl().replaceFirst("^jdbc:", ""))) {
            problems.add("quarkus.datasource.password (HEARTH_DB_PASSWORD) is the default while PostgreSQL is at "
                    + settings.jdbcUrl() + "; set the database user's own password");
        }
        return problems;
    }

    /** Whether the URL's host is this machine's loopback only (a name that resolves elsewhere is not). */
    static boolean loopback(String url) {
        try {
            String host = URI.create(url).getHost();
            return host != null && (host.equals("localhost") || host.equals("::1") || host.equals("[::1]")
                    || host.matches("127(\\.[0-9]{1,3}){3}"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
