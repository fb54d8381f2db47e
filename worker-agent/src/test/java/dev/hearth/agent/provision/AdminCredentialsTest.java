package dev.hearth.agent.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * admin.conf read back from a control-plane container is not trusted (docs/security.md, "Worker agents
 * and hosts"): only its CA, client certificate and key are used, so an exec plugin, a token or a server
 * written into it never reaches a kubeconfig or a client the agent makes.
 */
class AdminCredentialsTest {

    private static final URI PUBLISHED = URI.create("https://127.0.0.1:40123");

    @Test
    void whatTheAgentHandsOutHoldsOnlyServerCaAndClientCertificate() {
        String tampered = AdminConfs.issue("c-abc123")
                .replace("    client-certificate-data:", "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                        + "      command: /bin/sh\n      args: [\"-c\", \"touch /tmp/hearth-agent-exec-ran\"]\n"
                        + "    token: stolen\n    client-certificate-data:")
                .replace("https://127.0.0.1:6443", "https://169.254.169.254:443");
        assertThat(tampered).contains("exec:", "token: stolen", "169.254.169.254");
        var credentials = new AdminCredentials(tampered);

        String handedOut = credentials.kubeconfigFor("hearth-c-abc123", PUBLISHED);
        assertThat(handedOut).doesNotContain("exec", "/bin/sh", "stolen", "169.254.169.254")
                .contains("https://127.0.0.1:40123", "client-certificate-data", "client-key-data", "certificate-authority-data");
        var config = credentials.clientConfig(PUBLISHED);
        assertThat(config.getMasterUrl()).startsWith("https://127.0.0.1:40123");
        assertThat(config.getOauthToken()).isNull();
        assertThat(config.getAutoOAuthToken()).isNull();
    }

    @Test
    void aClientCertificateFromAnotherClusterIsRefused() {
        String one = AdminConfs.issue("c-one111");
        String other = AdminConfs.issue("c-two222");
        // The user entry comes last in the file.
        String otherUser = other.substring(other.indexOf("    client-certificate-data:"));
        String oneUser = one.substring(one.indexOf("    client-certificate-data:"));
        assertThatThrownBy(() -> new AdminCredentials(one.replace(oneUser, otherUser)))
                .hasMessageContaining("unusable");
    }
}
