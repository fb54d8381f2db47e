package dev.hearth.backend.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretsTest {

    @Test
    void generatedSecretsCarryThePrefixAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String secret = Secrets.generate("hth_", 40);
            assertThat(secret).matches("hth_[A-Za-z0-9]{40}");
            assertThat(seen.add(secret)).isTrue();
        }
    }

    @Test
    void hashIsSha256Hex() {
        // echo -n abc | sha256sum
        assertThat(Secrets.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
