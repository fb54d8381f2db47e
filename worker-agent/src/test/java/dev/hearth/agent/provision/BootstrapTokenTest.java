package dev.hearth.agent.provision;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BootstrapTokenTest {

    private static final AdminCredentials ONE = new AdminCredentials(AdminConfs.issue("c-one111"));
    private static final AdminCredentials OTHER = new AdminCredentials(AdminConfs.issue("c-two222"));

    @Test
    void hasTheBootstrapTokenForm() {
        // https://kubernetes.io/docs/reference/access-authn-authz/bootstrap-tokens/#token-format
        assertThat(BootstrapToken.derivedFrom(ONE).value()).matches("[a-z0-9]{6}\\.[a-z0-9]{16}");
    }

    @Test
    void theSameCredentialsGiveTheSameTokenSoARestartedAgentAgrees() {
        assertThat(BootstrapToken.derivedFrom(ONE)).isEqualTo(BootstrapToken.derivedFrom(ONE));
    }

    @Test
    void anotherClustersCredentialsGiveAnotherToken() {
        assertThat(BootstrapToken.derivedFrom(ONE).value()).isNotEqualTo(BootstrapToken.derivedFrom(OTHER).value());
    }

    @Test
    void itsTextShowsTheIdButNeverTheSecret() {
        BootstrapToken token = BootstrapToken.derivedFrom(ONE);
        assertThat(token.toString()).contains(token.id()).doesNotContain(token.secret());
    }
}
