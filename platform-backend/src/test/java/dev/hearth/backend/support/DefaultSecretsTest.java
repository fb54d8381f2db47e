package dev.hearth.backend.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.backend.support.DefaultSecrets.Settings;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which published secrets stop a {@code prod} start (docs/security.md, "Browser and API tokens"). */
class DefaultSecretsTest {

    private static final String LOCAL_KEYCLOAK = "http://localhost:8180/realms/hearth";
    private static final String LOCAL_DB = "jdbc:postgresql://127.0.0.1:5433/hearth";

    @Test
    void theLocalStackStarts() {
        // What deploy/local/backend.sh passes: a generated key, the dev realm and database on loopback.
        assertThat(DefaultSecrets.problems(new Settings(Optional.of("c2VjcmV0LWdlbmVyYXRlZC1ieS1oZWFydGgtdXAtMzI="),
                LOCAL_KEYCLOAK, Optional.of("hearth-portal-dev-secret"), LOCAL_DB, Optional.of("hearth")))).isEmpty();
    }

    @Test
    void theCommittedKubeconfigKeyNeverStarts() {
        assertThat(DefaultSecrets.problems(new Settings(Optional.of(DefaultSecrets.COMMITTED_KUBECONFIG_KEY),
                LOCAL_KEYCLOAK, Optional.of("own"), LOCAL_DB, Optional.of("own"))))
                .singleElement().asString().contains("hearth.kubeconfig-key", "committed");
    }

    @Test
    void defaultOidcAndDatabaseSecretsDoNotStartBeyondLoopback() {
        assertThat(DefaultSecrets.problems(new Settings(Optional.of("own"), "https://sso.example.org/realms/hearth",
                Optional.of("hearth-portal-dev-secret"), "jdbc:postgresql://db.internal:5432/hearth", Optional.of("hearth"))))
                .hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("quarkus.oidc.credentials.secret", "sso.example.org"))
                .anySatisfy(p -> assertThat(p).contains("quarkus.datasource.password", "db.internal"));
        assertThat(DefaultSecrets.problems(new Settings(Optional.of("own"), "https://sso.example.org/realms/hearth",
                Optional.of("own"), "jdbc:postgresql://db.internal:5432/hearth", Optional.of("own")))).isEmpty();
    }

    @Test
    void onlyLoopbackHostsCountAsLocal() {
        assertThat(DefaultSecrets.loopback("http://127.0.0.1:8180/x")).isTrue();
        assertThat(DefaultSecrets.loopback("postgresql://localhost:5433/hearth")).isTrue();
        assertThat(DefaultSecrets.loopback("http://127.0.0.1.nip.io/x")).isFalse();
        assertThat(DefaultSecrets.loopback("http://10.0.0.5:8180/x")).isFalse();
    }
}
