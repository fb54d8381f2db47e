package dev.hearth.backend.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KubeconfigCipherTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String KUBECONFIG = "apiVersion: v1\nkind: Config\nusers:\n- user:\n    client-key-data: c2VjcmV0\n";

    private final KubeconfigCipher cipher = new KubeconfigCipher(Optional.of(KEY));

    @Test
    void roundTripsAndHidesThePlaintext() {
        byte[] sealed = cipher.encrypt("c-abc123", KUBECONFIG);

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("client-key-data");
        assertThat(cipher.decrypt("c-abc123", sealed)).isEqualTo(KUBECONFIG);
    }

    @Test
    void usesAFreshNonceEachTime() {
        assertThat(cipher.encrypt("c-abc123", KUBECONFIG)).isNotEqualTo(cipher.encrypt("c-abc123", KUBECONFIG));
    }

    @Test
    void aCiphertextMovedToAnotherClusterDoesNotDecrypt() {
        byte[] sealed = cipher.encrypt("c-abc123", KUBECONFIG);

        assertThatThrownBy(() -> cipher.decrypt("c-other9", sealed)).hasMessageContaining("failed to decrypt");
    }

    @Test
    void aDifferentKeyCannotRead() {
        byte[] sealed = cipher.encrypt("c-abc123", KUBECONFIG);
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;
        KubeconfigCipher other = new KubeconfigCipher(Optional.of(Base64.getEncoder().encodeToString(otherKey)));

        assertThatThrownBy(() -> other.decrypt("c-abc123", sealed)).hasMessageContaining("hearth.kubeconfig-key");
    }

    @Test
    void refusesKeysOfTheWrongSizeAndExplainsAMissingOne() {
        assertThatThrownBy(() -> new KubeconfigCipher(Optional.of(Base64.getEncoder().encodeToString(new byte[16]))))
                .hasMessageContaining("32 bytes");
        KubeconfigCipher none = new KubeconfigCipher(Optional.empty());
        assertThat(none.available()).isFalse();
        assertThatThrownBy(() -> none.encrypt("c-abc123", KUBECONFIG)).hasMessageContaining("not configured");
    }
}
