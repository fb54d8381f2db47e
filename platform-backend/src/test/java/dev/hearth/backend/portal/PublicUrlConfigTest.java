package dev.hearth.backend.portal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PublicUrlConfigTest {

    @Test
    void anHttpsPublicUrlMeansATlsIngressWhoseHeadersCountAndSecureCookies() {
        assertThat(PublicUrlConfig.implied("https://hearth.example.org/")).containsEntry(
                "quarkus.http.proxy.proxy-address-forwarding", "true")
                .containsEntry("quarkus.http.proxy.allow-x-forwarded", "true")
                .containsEntry("quarkus.http.proxy.enable-forwarded-host", "true")
                .containsEntry("quarkus.oidc.authentication.cookie-force-secure", "true");
    }

    @Test
    void anHttpOrMissingPublicUrlImpliesNothing() {
        assertThat(PublicUrlConfig.implied("http://10.203.0.1:8080")).isEmpty();
        assertThat(PublicUrlConfig.implied(null)).isEmpty();
    }
}
