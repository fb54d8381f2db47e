package dev.hearth.wasmnode.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PullSecretsTest {

    private static String auth(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsUsernamePasswordAndAuthFormsByRegistryHost() {
        PullSecrets secrets = PullSecrets.fromDockerConfigs(List.of("""
                {"auths": {
                  "hearth-registry:5000": {"username": "alice", "password": "s3cret"},
                  "https://ghcr.io/v1/": {"auth": "%s"},
                  "https://index.docker.io/v1/": {"auth": "%s"}
                }}""".formatted(auth("bob", "pa:ss"), auth("hub", "token"))));

        assertThat(secrets.forRegistry("hearth-registry:5000")).contains(new RegistryCredentials("alice", "s3cret"));
        assertThat(secrets.forRegistry("ghcr.io")).contains(new RegistryCredentials("bob", "pa:ss"));
        assertThat(secrets.forRegistry("docker.io")).contains(new RegistryCredentials("hub", "token"));
        assertThat(secrets.forRegistry("registry-1.docker.io")).contains(new RegistryCredentials("hub", "token"));
        assertThat(secrets.forRegistry("quay.io")).isEmpty();
    }

    @Test
    void theFirstSecretNamingARegistryWinsAndLegacyDockercfgIsRead() {
        PullSecrets secrets = PullSecrets.fromDockerConfigs(List.of(
                "{\"quay.io\": {\"auth\": \"" + auth("first", "1") + "\"}}",
                "{\"auths\": {\"quay.io\": {\"username\": \"second\", \"password\": \"2\"}}}"));

        assertThat(secrets.forRegistry("quay.io")).contains(new RegistryCredentials("first", "1"));
    }

    @Test
    void malformedJsonIsRefusedWithoutEchoingTheSecret() {
        assertThatThrownBy(() -> PullSecrets.fromDockerConfigs(List.of("{\"auths\": hunter2")))
                .hasMessage("an image pull secret is not valid JSON")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void credentialsNeverPrintTheirPassword() {
        assertThat(new RegistryCredentials("alice", "s3cret").toString()).doesNotContain("s3cret");
    }

    @Test
    void aMirrorIsTriedBeforeItsRegistryAndInsecureOnesSpeakPlainHttp() {
        PullSettings settings = new PullSettings(List.of("hearth-registry:5000", "mirror.local:5001"),
                Map.of("docker.io", "mirror.local:5001", "ghcr.io", "https://ghcr-mirror.example/cache/"));

        assertThat(settings.endpoints("docker.io")).extracting(Object::toString)
                .containsExactly("http://mirror.local:5001", "https://registry-1.docker.io");
        assertThat(settings.endpoints("ghcr.io")).extracting(Object::toString)
                .containsExactly("https://ghcr-mirror.example/cache", "https://ghcr.io");
        assertThat(settings.endpoints("hearth-registry:5000")).extracting(Object::toString)
                .containsExactly("http://hearth-registry:5000");
    }
}
