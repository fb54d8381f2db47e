package dev.hearth.backend.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.backend.problem.ValidationProblem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The app path goes to the API server with admin credentials: nothing that could resolve outside the app passes. */
class AppAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"/..", "/../secrets", "/a/../../b", "/%2e%2e/x", "/%2E%2E", "/./x", "/a%2fb", "/a%5Cb", "/a\\b",
            "/%zz"})
    void pathsThatCouldLeaveTheAppAreRefusedNamingPath(String path) {
        assertThatThrownBy(() -> AppAddress.path(path)).isInstanceOf(ValidationProblem.class).hasMessageContaining("path");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/hello", "/a/b.c/d", "/..hidden", "/%20space", "/a+b"})
    void ordinaryPathsPassUnchanged(String path) {
        assertThat(AppAddress.path(path)).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Default", "a_b", "-a", "", "a/b"})
    void namesMustBeKubernetesLabels(String name) {
        assertThatThrownBy(() -> AppAddress.requireName("service", name)).isInstanceOf(ValidationProblem.class)
                .hasMessageContaining("service");
    }

    @org.junit.jupiter.api.Test
    void anEmptyPathIsTheAppsRoot() {
        assertThat(AppAddress.path("")).isEqualTo("/");
    }
}
