package dev.hearth.backend.portal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.backend.testing.Api;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** The sign-in redirect as a proxy in front of the backend would relay it, for the public-address tests. */
final class SignInRedirects {

    private SignInRedirects() {
    }

    /** {@code GET /signin} carrying the forwarded headers a TLS ingress at {@code hearth.example.test} adds. */
    static Response viaTlsProxy() {
        return Api.anonymous().redirects().follow(false)
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "hearth.example.test")
                .header("X-Forwarded-For", "198.51.100.7")
                .get("/signin");
    }

    /** The {@code redirect_uri} the answer sends the browser to Keycloak with. */
    static String redirectUri(Response response) {
        assertThat(response.statusCode()).isEqualTo(302);
        String location = response.header("Location");
        assertThat(location).as("a redirect to Keycloak's login").contains("/protocol/openid-connect/auth");
        for (String pair : URI.create(location).getRawQuery().split("&")) {
            if (pair.startsWith("redirect_uri=")) {
                return URLDecoder.decode(pair.substring("redirect_uri=".length()), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no redirect_uri in " + location);
    }
}
