package dev.hearth.agent.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointConfigTest {

    private static final EndpointRoute B = new EndpointRoute("cb", "hearth-cb-control-plane", 40002);
    private static final EndpointRoute A = new EndpointRoute("ca", "hearth-ca-control-plane", 40001);

    @Test
    void eachClusterNameIsRoutedToItsOwnLoopbackPortAndNothingElseIsRouted() {
        String cfg = EndpointConfig.render("host-a", "0.0.0.0", 6443, List.of(B, A));

        assertThat(cfg).contains("bind 0.0.0.0:6443")
                .contains("mode tcp")
                .contains("tcp-request content reject unless { req.ssl_hello_type 1 }")
                .contains("use_backend cluster-ca if { req.ssl_sni -i hearth-ca-control-plane }")
                .contains("use_backend cluster-cb if { req.ssl_sni -i hearth-cb-control-plane }")
                .contains("backend cluster-ca\n    server api-server 127.0.0.1:40001\n")
                .contains("backend cluster-cb\n    server api-server 127.0.0.1:40002\n")
                .contains("default_backend unknown-cluster");
        String unknown = cfg.substring(cfg.indexOf("\nbackend unknown-cluster"), cfg.indexOf("\nbackend cluster-ca"));
        assertThat(unknown).as("the backend of names without a route has no server").doesNotContain("server");
        // No TLS termination anywhere: the proxy never holds a certificate.
        assertThat(cfg).doesNotContain("ssl crt", "mode http");
    }

    @Test
    void equalRoutesInAnyOrderGiveEqualText() {
        assertThat(EndpointConfig.render("h", "127.0.0.1", 7000, List.of(A, B)))
                .isEqualTo(EndpointConfig.render("h", "127.0.0.1", 7000, List.of(B, A)));
    }

    @Test
    void aNameThatIsNotADnsNameNeverReachesTheFile() {
        EndpointRoute injected = new EndpointRoute("cx", "x }\n    use_backend cluster-ca if { always_true", 40003);

        assertThatThrownBy(() -> EndpointConfig.render("h", "0.0.0.0", 6443, List.of(A, injected)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a DNS name");
    }
}
