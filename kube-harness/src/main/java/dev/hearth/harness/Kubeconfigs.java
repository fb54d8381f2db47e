package dev.hearth.harness;

/** The one shape of every test kubeconfig: one cluster trusted by its CA, one user with a client certificate. */
public final class Kubeconfigs {

    private Kubeconfigs() {
    }

    /** A kubeconfig naming {@code server}, trusting {@code caPem} and signing in as {@code user}. */
    public static String of(String server, String caPem, TestPki.Issued user) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: test
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                users:
                - name: admin
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                contexts:
                - name: test
                  context:
                    cluster: test
                    user: admin
                current-context: test
                """.formatted(server, ControlPlane.base64(caPem), ControlPlane.base64(user.certificatePem()),
                ControlPlane.base64(user.keyPem()));
    }

    /**
     * A kubeconfig of the form a worker agent sends (cluster CA, admin client certificate and key) naming
     * {@code server}, from a fresh CA: for tests of what the backend does with one, with no API server behind.
     */
    public static String standalone(String server) {
        TestPki.Issued ca = TestPki.ca();
        return of(server, ca.certificatePem(), TestPki.client(ca, "system:masters", "hearth-admin"));
    }
}
