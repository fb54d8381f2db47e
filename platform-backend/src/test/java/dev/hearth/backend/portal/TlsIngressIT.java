package dev.hearth.backend.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md "Public address and TLS": with an https {@code hearth.public-url} (a TLS ingress in
 * front of the plain-HTTP backend) the backend believes the proxy's forwarded headers, so the sign-in
 * sends Keycloak an https {@code redirect_uri} at the public host, and its session cookies are Secure.
 * {@link ForwardedHeadersIT} is the other side: without it, nobody's forwarded headers count.
 */
@QuarkusTest
@TestProfile(TlsIngressIT.BehindTlsIngress.class)
class TlsIngressIT {

    @Test
    void signInRedirectsBackToTheHttpsPublicHostWithSecureCookies() {
        Response response = SignInRedirects.viaTlsProxy();

        assertThat(SignInRedirects.redirectUri(response)).isEqualTo("https://hearth.example.test/signin");
        assertThat(response.headers().getValues("Set-Cookie")).isNotEmpty()
                .allSatisfy(cookie -> assertThat(cookie).containsIgnoringCase("; secure"));
    }

    public static final class BehindTlsIngress implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hearth.public-url", "https://hearth.example.test");
        }
    }
}
