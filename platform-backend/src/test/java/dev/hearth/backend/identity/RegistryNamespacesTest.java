package dev.hearth.backend.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** User names as OCI repository path components. */
class RegistryNamespacesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "alice|alice",
            "Alice|alice",
            "alice.b|alice-b",
            "alice_b|alice-b",
            "__Bob--Smith__|bob-smith",
            "jürgen|j-rgen",
            "../../etc|etc",
            "...|user",
            "averyveryveryveryverylongusername-x|averyveryveryveryverylongusern",
    })
    void sanitizes(String username, String namespace) {
        String got = RegistryNamespaces.sanitize(username);
        assertThat(got).isEqualTo(namespace);
        assertThat(got).matches(RegistryNamespaces.COMPONENT).hasSizeLessThanOrEqualTo(RegistryNamespaces.MAX_LENGTH);
    }
}
