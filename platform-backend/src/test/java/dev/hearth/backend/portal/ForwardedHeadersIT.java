package dev.hearth.backend.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * With the default, plain-http {@code hearth.public-url} (./hearth up, with or without an advertise
 * address) clients talk to the backend directly: forwarded headers a client sends are not believed, so
 * it cannot make the sign-in name another host or scheme (see {@link TlsIngressIT} for the ingress case).
 */
@QuarkusTest
class ForwardedHeadersIT {

    @Test
    void forwardedHeadersFromAClientAreIgnored() {
        Response response = SignInRedirects.viaTlsProxy();

        assertThat(SignInRedirects.redirectUri(response)).startsWith("http://localhost:").endsWith("/signin")
                .doesNotContain("hearth.example.test");
        assertThat(response.headers().getValues("Set-Cookie")).noneSatisfy(
                cookie -> assertThat(cookie).containsIgnoringCase("; secure"));
    }
}
